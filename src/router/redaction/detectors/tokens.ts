/**
 * API keys and access tokens recognised by their issuer's format, and
 * credentials carried by an HTTP header or a URL.
 */
import type { Detector } from '../types.ts';
import { matchSpans } from './match.ts';

const issuerFormats: readonly RegExp[] = [
  /(?<![\w-])sk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{20,}(?![\w-])/g, // OpenAI, Anthropic
  /(?<!\w)gh[pousr]_[A-Za-z0-9]{36,}(?!\w)/g, // GitHub classic tokens
  /(?<!\w)github_pat_[A-Za-z0-9_]{22,}(?!\w)/g, // GitHub fine-grained tokens
  /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g, // AWS access key ids
  /(?<!\w)xox[abprse]-[A-Za-z0-9-]{10,}(?![\w-])/g, // Slack
  /(?<!\w)(?:sk|pk|rk|whsec)_(?:live|test)_[A-Za-z0-9]{16,}(?!\w)/g, // Stripe
  /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g, // Google API keys
  /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, // JWTs
  /(?<!\w)glpat-[A-Za-z0-9_-]{20,}(?![\w-])/g, // GitLab
  /(?<!\w)hf_[A-Za-z0-9]{30,}(?!\w)/g, // Hugging Face
  /(?<!\w)npm_[A-Za-z0-9]{36}(?!\w)/g, // npm
];

/** The token after `Bearer`; prose ("Bearer authentication") has no digit, so it stays. */
const bearer = /\bBearer\s+(?<value>[A-Za-z0-9._~+/-]{12,}=*)/dgi;
const basicAuth = /\bAuthorization:\s*Basic\s+(?<value>[A-Za-z0-9+/]{8,}={0,2})/dgi;
/** The password in `scheme://user:password@host`; the user and host stay. */
const urlPassword = /(?<!\w)[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:(?<value>[^\s/@]+)@/dgi;

export const detectTokens: Detector = (text) => [
  ...issuerFormats.flatMap((pattern) => matchSpans(text, pattern, 'secret')),
  ...matchSpans(text, bearer, 'secret', (value) => /\d/.test(value) && /[A-Za-z]/.test(value)),
  ...matchSpans(text, basicAuth, 'secret'),
  ...matchSpans(text, urlPassword, 'secret'),
];
