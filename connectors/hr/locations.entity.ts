import { z } from 'zod';
import { defineEntity, type EntityRow } from '../connector-definition';
import { recordIdentity } from '../schema-fields';
import type { HrLocationsTable } from './hr.tables';

export const locationSchema = z.object({
  ...recordIdentity,
  name: z.string(),
  country_code: z.string().length(2),
  timezone: z.string(),
  address: z.object({ line1: z.string(), city: z.string(), postal_code: z.string().nullable() }),
  headcount_capacity: z.number().int().nullable(),
});

export const locations = defineEntity<z.infer<typeof locationSchema>, EntityRow<HrLocationsTable>>({
  name: 'locations',
  dependsOn: [],
  paths: { list: '/v1/locations', get: '/v1/locations/{id}', ids: '/v1/locations/ids' },
  schema: locationSchema,
  table: 'hr_locations',
  columns: {
    name: 'text',
    country_code: 'text',
    timezone: 'text',
    address_line1: 'text',
    address_city: 'text',
    address_postal_code: 'text',
    headcount_capacity: 'integer',
    source_created_at: 'timestamptz',
  },
  transform: (record) => ({
    name: record.name,
    country_code: record.country_code,
    timezone: record.timezone,
    address_line1: record.address.line1,
    address_city: record.address.city,
    address_postal_code: record.address.postal_code,
    headcount_capacity: record.headcount_capacity,
    source_created_at: record.created_at,
  }),
});
