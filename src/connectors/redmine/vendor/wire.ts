// Redmine 5.0 REST payloads as the connector reads them, checked at the edge. Objects stay open
// (additional properties allowed) because a newer Redmine adds fields; the ones read here are required.
import { Type, type Static } from '@sinclair/typebox';

/** `value` is null when unset, an array for a multiple-value field. */
export const CustomValue = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  value: Type.Optional(Type.Union([Type.String(), Type.Null(), Type.Array(Type.String())])),
});
export type CustomValue = Static<typeof CustomValue>;

const Ref = Type.Object({ id: Type.Integer({ minimum: 1 }), name: Type.Optional(Type.String()) });
const Timestamp = Type.String({ format: 'date-time' });
const CustomValues = Type.Optional(Type.Array(CustomValue));

/** 1 active, 5 closed, 9 archived (archived projects are invisible over the API). */
export const RedmineProject = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  identifier: Type.String(),
  status: Type.Integer(),
  custom_fields: CustomValues,
  updated_on: Timestamp,
});
export type RedmineProject = Static<typeof RedmineProject>;

export const RedmineUser = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  login: Type.String(),
  firstname: Type.String(),
  lastname: Type.String(),
  custom_fields: CustomValues,
  updated_on: Timestamp,
});
export type RedmineUser = Static<typeof RedmineUser>;

/** `hours` is a JSON float; `comments` is null when never set. */
export const RedmineTimeEntry = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  project: Ref,
  user: Ref,
  activity: Ref,
  hours: Type.Number(),
  comments: Type.Union([Type.String(), Type.Null()]),
  spent_on: Type.String({ format: 'date' }),
  updated_on: Timestamp,
  custom_fields: CustomValues,
});
export type RedmineTimeEntry = Static<typeof RedmineTimeEntry>;

const page = { total_count: Type.Integer({ minimum: 0 }), offset: Type.Integer({ minimum: 0 }) };
export const ProjectList = Type.Object({ projects: Type.Array(RedmineProject), ...page });
export const UserList = Type.Object({ users: Type.Array(RedmineUser), ...page });
export const TimeEntryList = Type.Object({ time_entries: Type.Array(RedmineTimeEntry), ...page });
export const ProjectShow = Type.Object({ project: RedmineProject });
export const TimeEntryShow = Type.Object({ time_entry: RedmineTimeEntry });

export const CustomFieldDefinition = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  customized_type: Type.String(),
  field_format: Type.String(),
});
export const CustomFieldList = Type.Object({ custom_fields: Type.Array(CustomFieldDefinition) });

/** A 422 answer: Redmine's validation messages. */
export const ErrorList = Type.Object({ errors: Type.Array(Type.String()) });

/** Redmine caps `limit` at 100 whatever is asked. */
export const maxPageSize = 100;
