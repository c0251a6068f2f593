/** The time in seconds since the epoch, renewed every `everyMs`, for figures that count down. */
import { useEffect, useState } from 'react';

const nowSeconds = () => Math.floor(Date.now() / 1000);

export function useNowSeconds(everyMs: number): number {
  const [now, setNow] = useState(nowSeconds);
  useEffect(() => {
    const timer = setInterval(() => setNow(nowSeconds()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
