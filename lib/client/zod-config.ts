import { z } from 'zod';

/**
 * In the browser, zod would probe `new Function('')` once to decide whether to compile
 * its parsers. Our CSP has no 'unsafe-eval' (docs/security.md), so the probe only
 * produces a `securitypolicyviolation` report; jitless skips it (same results, no JIT).
 */
z.config({ jitless: true });
