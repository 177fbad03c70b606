/**
 * The part of react-query's `QueryClient` (v5) the uploader uses. Typed here instead of imported, so an app without
 * `@tanstack/react-query` (an optional peer) type-checks with `skipLibCheck: false`; a real `QueryClient` fits.
 */
export interface UploaderQueryClient {
  getMutationCache(): {
    build(
      client: never,
      options: { mutationKey: readonly unknown[]; mutationFn: () => Promise<unknown>; retry: false },
    ): { execute(variables: undefined): Promise<unknown> };
  };
  invalidateQueries(filters: { queryKey: readonly unknown[] }): Promise<void>;
}

/** A react-query key, e.g. `["images"]`. */
export type UploaderQueryKey = readonly unknown[];
