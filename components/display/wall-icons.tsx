/** Shapes that go with the words (never instead of them): blocked, overdue, alert. */

const base = { 'aria-hidden': true, viewBox: '0 0 24 24', className: 'inline-block size-[1em] shrink-0 align-[-0.125em]' } as const;

export function BlockedIcon() {
  return (
    <svg {...base} fill="none" stroke="currentColor" strokeWidth={3}>
      <circle cx="12" cy="12" r="9.5" />
      <path d="M5.5 18.5 18.5 5.5" />
    </svg>
  );
}

export function ClockIcon() {
  return (
    <svg {...base} fill="none" stroke="currentColor" strokeWidth={3}>
      <circle cx="12" cy="12" r="9.5" />
      <path d="M12 6.5V12l3.5 2.5" />
    </svg>
  );
}

export function AlertIcon() {
  return (
    <svg {...base} fill="currentColor">
      <path d="M12 2 1 21.5h22L12 2Zm-1.4 7h2.8l-.4 6.5h-2L10.6 9Zm1.4 8.2a1.6 1.6 0 1 1 0 3.2 1.6 1.6 0 0 1 0-3.2Z" />
    </svg>
  );
}
