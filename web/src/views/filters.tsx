// The filter bar of the dead-letter and parked views: reason, domain and entity offered from what exists.
import type { Facets } from '../types.ts';

export interface FilterValues {
  reason: string;
  domain: string;
  entity: string;
}

function Choice(props: {
  id: string;
  label: string;
  value: string;
  options: Record<string, number>;
  onChange: (value: string) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">any</option>
        {Object.entries(props.options)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([value, n]) => (
            <option key={value} value={value}>
              {value} ({n})
            </option>
          ))}
        {props.value !== '' && !(props.value in props.options) ? (
          <option value={props.value}>{props.value}</option>
        ) : null}
      </select>
    </div>
  );
}

export function FilterBar(props: {
  prefix: string;
  values: FilterValues;
  facets: Facets | undefined;
  onChange: (values: FilterValues) => void;
  reasonLabel: string;
}) {
  const { values, facets } = props;
  return (
    <div class="filters" role="group" aria-label="Filters">
      <Choice
        id={`${props.prefix}-reason`}
        label={props.reasonLabel}
        value={values.reason}
        options={facets?.reasons ?? {}}
        onChange={(reason) => props.onChange({ ...values, reason })}
      />
      <Choice
        id={`${props.prefix}-domain`}
        label="Domain"
        value={values.domain}
        options={facets?.domains ?? {}}
        onChange={(domain) => props.onChange({ ...values, domain })}
      />
      <Choice
        id={`${props.prefix}-entity`}
        label="Legal entity"
        value={values.entity}
        options={facets?.entities ?? {}}
        onChange={(entity) => props.onChange({ ...values, entity })}
      />
    </div>
  );
}
