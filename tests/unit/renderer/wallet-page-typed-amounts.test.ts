import { describe, expect, it } from 'vitest';
import { allowanceFromText, limitsFromText, limitsText } from '../../../renderer/src/wallet-page/typed-amounts.ts';

const wei = (mor: string) => (BigInt(Math.round(Number(mor) * 1e6)) * 10n ** 12n).toString();

describe('the spend limits as typed on the Wallet page', () => {
  it('shows limits in MOR and no limit as empty', () => {
    expect(limitsText({ perReplyWei: wei('0.5'), perSessionWei: null, perDayWei: wei('25') })).toEqual({ perReply: '0.5', perSession: '', perDay: '25' });
  });

  it('saves amounts as wei and empty fields as no limit', () => {
    expect(limitsFromText({ perReply: ' 0.5 ', perSession: '', perDay: '25' })).toEqual({
      ok: true, value: { perReplyWei: wei('0.5'), perSessionWei: null, perDayWei: wei('25') },
    });
  });

  it('names the field that is not an amount', () => {
    const typed = limitsFromText({ perReply: '1', perSession: 'ten', perDay: '' });
    expect(typed).toEqual({ ok: false, problem: 'Per session is not an amount of MOR: write it like 25 or 0.5, or leave it empty for no limit.' });
    expect(limitsFromText({ perReply: '-1', perSession: '', perDay: '' }).ok).toBe(false);
  });
});

describe('the session allowance as typed on the Wallet page', () => {
  it('takes a MOR cap above 0 and ETH for fees, 0 included', () => {
    expect(allowanceFromText('25', '0.01')).toEqual({ ok: true, value: { capWei: wei('25'), gasWei: wei('0.01') } });
    expect(allowanceFromText('25', '0')).toEqual({ ok: true, value: { capWei: wei('25'), gasWei: '0' } });
  });

  it('says what is wrong, and asks nothing of the wallet', () => {
    expect(allowanceFromText('', '0.01')).toEqual({ ok: false, problem: 'Enter the MOR cap as an amount above 0, like 25 or 0.5.' });
    expect(allowanceFromText('0', '0.01').ok).toBe(false);
    expect(allowanceFromText('25', '1e-3')).toEqual({
      ok: false, problem: 'Enter the ETH for network fees as an amount, like 0.01 (0 if the session key has enough).',
    });
  });
});
