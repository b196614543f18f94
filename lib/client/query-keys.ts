/** Query key factories: one place that names every cached thing. */
export const queryKeys = {
  me: () => ['me'] as const,
  agencies: () => ['agencies'] as const,
  accounts: () => ['accounts'] as const,
  incidents: {
    all: () => ['incidents'] as const,
    list: () => ['incidents', 'list'] as const,
    detail: (id: string) => ['incidents', 'detail', id] as const,
  },
};
