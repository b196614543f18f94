'use client';

// The same page as app/error.tsx, but below the signed-in layout, so its header (the account, the
// language, sign-out, the way to the other pages) stays on screen.
export { default } from '../error';
