/**
 * Inputs and forms in the macro view, controlled by the app: Textfield, TextArea, Select, Checkbox,
 * CheckboxGroup, RadioGroup, Label, Form and its parts. Every change goes back to the app as a
 * SerialisableEvent (or the selected option for Select), the way UI Kit hands it over.
 */
import { ErrorMessage, FormFooter, FormHeader, FormSection, HelperMessage, Label, RequiredAsterisk, ValidMessage } from '@atlaskit/form';
import { RadioGroup } from '@atlaskit/radio';
import Select from '@atlaskit/select';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import React from 'react';
import { callApp, pick, serialisableEvent, stringProp, type MappedComponent, type MappedProps } from './forge-doc';
import { useBufferedValue } from './use-buffered-value';

const TEXT_INPUT_PROPS = ['name', 'id', 'placeholder', 'isRequired', 'isDisabled', 'isInvalid', 'isReadOnly', 'isCompact', 'isMonospaced', 'appearance', 'autoFocus', 'maxLength', 'minLength', 'testId', 'aria-invalid', 'aria-labelledby'];
const TEXTFIELD_PROPS = [...TEXT_INPUT_PROPS, 'type', 'width', 'pattern', 'min', 'max'];
const TEXTAREA_PROPS = [...TEXT_INPUT_PROPS, 'resize', 'minimumRows', 'maxHeight', 'spellCheck'];

type TextElement = HTMLInputElement | HTMLTextAreaElement;

function TextInput({ node, multiline }: { node: MappedProps['node']; multiline: boolean }): React.JSX.Element {
  const { props } = node;
  const controlled = props.value !== undefined;
  const [value, change] = useBufferedValue(stringProp(props, 'value') ?? '');
  const event = (type: string, element: TextElement) =>
    serialisableEvent(type, { value: element.value, name: element.name, id: element.id, tagName: element.tagName, type: element.type });
  const valueProps = controlled ? { value } : stringProp(props, 'defaultValue') !== undefined ? { defaultValue: stringProp(props, 'defaultValue') } : {};
  const handlers = <E extends TextElement>() => ({
    onChange: (e: React.ChangeEvent<E>) => {
      if (controlled) change(e.currentTarget.value);
      callApp(props.onChange, event('change', e.currentTarget));
    },
    onBlur: (e: React.FocusEvent<E>) => callApp(props.onBlur, event('blur', e.currentTarget)),
    onFocus: (e: React.FocusEvent<E>) => callApp(props.onFocus, event('focus', e.currentTarget)),
  });
  return multiline ? (
    <TextArea {...pick(props, TEXTAREA_PROPS)} {...valueProps} {...handlers<HTMLTextAreaElement>()} />
  ) : (
    <Textfield {...pick(props, TEXTFIELD_PROPS)} {...valueProps} {...handlers<HTMLInputElement>()} />
  );
}

function SelectComponent({ node }: MappedProps): React.JSX.Element {
  const { props } = node;
  return (
    <Select
      {...pick(props, ['options', 'value', 'defaultValue', 'isMulti', 'isClearable', 'isSearchable', 'isDisabled', 'isInvalid', 'isLoading', 'placeholder', 'name', 'inputId', 'testId', 'spacing', 'appearance'])}
      onChange={(selected: unknown) => callApp(props.onChange, selected)}
      onInputChange={(text: string) => callApp(props.onInputChange, text)}
    />
  );
}

function CheckboxComponent({ node }: MappedProps): React.JSX.Element {
  const { props } = node;
  return (
    <label className="wb-checkbox">
      <input
        type="checkbox"
        name={stringProp(props, 'name')}
        value={stringProp(props, 'value')}
        disabled={props.isDisabled === true}
        required={props.isRequired === true}
        {...(props.isChecked !== undefined ? { checked: props.isChecked === true } : { defaultChecked: props.defaultChecked === true })}
        onChange={(e) => callApp(props.onChange, serialisableEvent('change', { checked: e.currentTarget.checked, value: e.currentTarget.value, name: e.currentTarget.name, tagName: 'INPUT', type: 'checkbox' }))}
      />
      {stringProp(props, 'label')}
    </label>
  );
}

/** CheckboxGroup in a view: `value` (or `defaultValue`) lists the checked values; onChange gets the new list. */
function CheckboxGroupComponent({ node }: MappedProps): React.JSX.Element {
  const { props } = node;
  const options = (Array.isArray(props.options) ? props.options : []) as { label: string; value: string; isDisabled?: boolean }[];
  const [checked, change] = useBufferedValue<string[]>((props.value ?? props.defaultValue ?? []) as string[]);
  return (
    <div role="group" className="wb-checkbox-group">
      {options.map((option) => (
        <label key={option.value} className="wb-checkbox">
          <input
            type="checkbox"
            name={stringProp(props, 'name')}
            value={option.value}
            checked={checked.includes(option.value)}
            disabled={props.isDisabled === true || option.isDisabled === true}
            onChange={(e) => {
              const next = e.currentTarget.checked ? [...checked, option.value] : checked.filter((value) => value !== option.value);
              change(next);
              callApp(props.onChange, next);
            }}
          />
          {option.label}
        </label>
      ))}
    </div>
  );
}

function RadioGroupComponent({ node }: MappedProps): React.JSX.Element {
  const { props } = node;
  return (
    <RadioGroup
      options={(Array.isArray(props.options) ? props.options : []) as { label: string; value: string }[]}
      {...(pick(props, ['name', 'value', 'defaultValue', 'isDisabled', 'isRequired', 'isInvalid', 'testId']) as object)}
      onChange={(e) => callApp(props.onChange, serialisableEvent('change', { value: e.currentTarget.value, name: e.currentTarget.name, tagName: 'INPUT', type: 'radio' }))}
    />
  );
}

function FormComponent({ node, children }: MappedProps): React.JSX.Element {
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        callApp(node.props.onSubmit, serialisableEvent('submit', { tagName: 'FORM' }));
      }}
    >
      {children}
    </form>
  );
}

/** Input and form components by ForgeDoc type. */
export const INPUT_COMPONENTS: Record<string, MappedComponent> = {
  Textfield: ({ node }) => <TextInput node={node} multiline={false} />,
  TextArea: ({ node }) => <TextInput node={node} multiline />,
  Select: SelectComponent,
  Checkbox: CheckboxComponent,
  CheckboxGroup: CheckboxGroupComponent,
  RadioGroup: RadioGroupComponent,
  Label: ({ node, children }) => <Label htmlFor={stringProp(node.props, 'labelFor') ?? ''} {...(pick(node.props, ['id', 'testId']) as object)}>{children}</Label>,
  Form: FormComponent,
  FormHeader: ({ node, children }) => <FormHeader {...pick(node.props, ['title', 'description'])}>{children}</FormHeader>,
  FormSection: ({ node, children }) => <FormSection {...pick(node.props, ['title', 'description'])}>{children}</FormSection>,
  FormFooter: ({ node, children }) => <FormFooter {...pick(node.props, ['align'])}>{children}</FormFooter>,
  HelperMessage: ({ children }) => <HelperMessage>{children}</HelperMessage>,
  ErrorMessage: ({ children }) => <ErrorMessage>{children}</ErrorMessage>,
  ValidMessage: ({ children }) => <ValidMessage>{children}</ValidMessage>,
  RequiredAsterisk: () => <RequiredAsterisk />,
};
