/**
 * The macro config panel's fields (ForgeReconciler.addConfig → `MacroConfig`). As in Confluence they
 * are uncontrolled: each starts from the saved config (`name` → value) or its `defaultValue`, and
 * Save reads them all at once, keyed by `name` (collectConfig).
 */
import { Label } from '@atlaskit/form';
import { RadioGroup } from '@atlaskit/radio';
import Select from '@atlaskit/select';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import React, { useContext } from 'react';
import { stringProp, type ForgeDoc, type MappedComponent, type MappedProps } from './forge-doc';

/** The saved config the fields start from. */
export const ConfigValues = React.createContext<Record<string, unknown>>({});

interface Option {
  label: string;
  value: string;
}

function optionsOf(node: ForgeDoc): Option[] {
  return (Array.isArray(node.props.options) ? node.props.options : []) as Option[];
}

function useInitial(node: ForgeDoc): unknown {
  const config = useContext(ConfigValues);
  const name = stringProp(node.props, 'name');
  return name !== undefined && config[name] !== undefined ? config[name] : node.props.defaultValue;
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function valueOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && 'value' in value ? asText(value.value) : asText(value);
}

function TextFieldComponent({ node, multiline }: { node: ForgeDoc; multiline: boolean }): React.JSX.Element {
  const shared = {
    name: stringProp(node.props, 'name'),
    placeholder: stringProp(node.props, 'placeholder'),
    isRequired: node.props.isRequired === true,
    defaultValue: asText(useInitial(node)) ?? '',
  };
  return multiline ? <TextArea {...shared} /> : <Textfield {...shared} />;
}

function ConfigRadioGroup({ node }: MappedProps): React.JSX.Element {
  return <RadioGroup name={stringProp(node.props, 'name')} options={optionsOf(node)} defaultValue={valueOf(useInitial(node))} isRequired={node.props.isRequired === true} />;
}

function ConfigCheckboxGroup({ node }: MappedProps): React.JSX.Element {
  const initial = useInitial(node);
  const checked = new Set((Array.isArray(initial) ? initial : []).map(valueOf));
  return (
    <div role="group" className="wb-checkbox-group">
      {optionsOf(node).map((option) => (
        <label key={option.value} className="wb-checkbox">
          <input type="checkbox" name={stringProp(node.props, 'name')} value={option.value} defaultChecked={checked.has(option.value)} />
          {option.label}
        </label>
      ))}
    </div>
  );
}

function ConfigSelect({ node }: MappedProps): React.JSX.Element {
  const initial = useInitial(node);
  const options = optionsOf(node);
  const wanted = new Set((Array.isArray(initial) ? initial : [initial]).map(valueOf));
  const selected = options.filter((option) => wanted.has(option.value));
  const isMulti = node.props.isMulti === true;
  return (
    <Select
      name={stringProp(node.props, 'name')}
      options={options}
      isMulti={isMulti}
      defaultValue={isMulti ? selected : selected[0]}
      placeholder={stringProp(node.props, 'placeholder')}
      inputId={`config-${stringProp(node.props, 'name') ?? ''}`}
    />
  );
}

/** Config-mode components by ForgeDoc type (the rest render as in the view). */
export const CONFIG_COMPONENTS: Record<string, MappedComponent> = {
  Textfield: ({ node }) => <TextFieldComponent node={node} multiline={false} />,
  TextArea: ({ node }) => <TextFieldComponent node={node} multiline />,
  RadioGroup: ConfigRadioGroup,
  CheckboxGroup: ConfigCheckboxGroup,
  Select: ConfigSelect,
  Label: ({ children }) => <Label htmlFor="">{children}</Label>,
};

const FIELD_TYPES = new Set(['Textfield', 'TextArea', 'RadioGroup', 'CheckboxGroup', 'Select']);

/**
 * The config to save from the panel's form data: one entry per named field of the tree. Text fields
 * and radio groups give strings, checkbox groups arrays, selects their option object(s).
 */
export function collectConfig(doc: ForgeDoc, data: FormData): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const walk = (node: ForgeDoc): void => {
    const name = stringProp(node.props, 'name');
    if (FIELD_TYPES.has(node.type) && name !== undefined) {
      const values = data.getAll(name).map(String);
      if (node.type === 'CheckboxGroup') config[name] = values;
      else if (node.type === 'Select') {
        const chosen = optionsOf(node).filter((option) => values.includes(option.value));
        if (node.props.isMulti === true) config[name] = chosen;
        else if (chosen[0]) config[name] = chosen[0];
      } else if (values[0] !== undefined) config[name] = values[0];
    }
    node.children.forEach(walk);
  };
  walk(doc);
  return config;
}
