/** Under a reply: where the routing policy had it written, and why, in one muted line. */
import type { Route } from '../../../src/api/index.ts';

export function RouteLine({ route }: { route: Route }) {
  return (
    <p className="route-line" data-testid="message-route" data-target={route.target}>
      {route.reason}
    </p>
  );
}
