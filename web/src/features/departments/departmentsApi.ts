import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';
import type { Department } from '../../shared/types.ts';

export const departmentsQueryKey = ['departments'] as const;

/** Every department with its member count: one small list per organization, loaded whole. */
export const departmentListQuery = queryOptions({
  queryKey: departmentsQueryKey,
  queryFn: async () => (await api<{ data: Department[] }>('/departments')).data,
});

export function useDepartments() {
  return useQuery(departmentListQuery);
}
