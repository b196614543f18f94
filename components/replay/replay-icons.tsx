/** Small player icons (inline SVG: no icon font, nothing fetched). Decorative: the buttons carry labels. */
const P = { width: 14, height: 14, viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false, fill: 'currentColor' } as const;

export const ToStartIcon = () => (
  <svg {...P}>
    <rect x="2" y="2" width="2" height="12" />
    <path d="M14 2v12L5 8z" />
  </svg>
);
export const StepBackIcon = () => (
  <svg {...P}>
    <path d="M12 2v12L3 8z" />
  </svg>
);
export const StepForwardIcon = () => (
  <svg {...P}>
    <path d="M4 2v12l9-6z" />
  </svg>
);
export const PlayIcon = StepForwardIcon;
export const PauseIcon = () => (
  <svg {...P}>
    <rect x="3" y="2" width="3.5" height="12" />
    <rect x="9.5" y="2" width="3.5" height="12" />
  </svg>
);
