/** Status and actions: Lozenge, Badge, SectionMessage, Spinner, Tooltip, Button, LoadingButton, ButtonGroup. */
import Badge from '@atlaskit/badge';
import Button from '@atlaskit/button/new';
import AddIcon from '@atlaskit/icon/core/add';
import DeleteIcon from '@atlaskit/icon/core/delete';
import EditIcon from '@atlaskit/icon/core/edit';
import LinkExternalIcon from '@atlaskit/icon/core/link-external';
import RefreshIcon from '@atlaskit/icon/core/refresh';
import SearchIcon from '@atlaskit/icon/core/search';
import SettingsIcon from '@atlaskit/icon/core/settings';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import Tooltip from '@atlaskit/tooltip';
import React from 'react';
import { callApp, pick, serialisableEvent, stringProp, textOf, type MappedComponent, type MappedProps } from './forge-doc';

/** UI Kit icon glyph names the workbench can draw; others are left out of the button. */
const ICONS: Record<string, typeof RefreshIcon> = {
  refresh: RefreshIcon,
  add: AddIcon,
  'editor-add': AddIcon,
  edit: EditIcon,
  trash: DeleteIcon,
  delete: DeleteIcon,
  search: SearchIcon,
  settings: SettingsIcon,
  'shortcut': LinkExternalIcon,
  'link-external': LinkExternalIcon,
};

/** Lozenge 17 knows the classic appearances; the newer UI Kit names map onto them. */
const LOZENGE_APPEARANCES: Record<string, string> = { warning: 'moved', danger: 'removed', information: 'inprogress', neutral: 'default', discovery: 'new' };

const BUTTON_APPEARANCES = new Set(['default', 'danger', 'primary', 'subtle', 'warning', 'discovery']);

function ButtonComponent({ node, children }: MappedProps): React.JSX.Element {
  const { props } = node;
  const appearance = stringProp(props, 'appearance') ?? 'default';
  const icon = (name: string) => (typeof props[name] === 'string' ? ICONS[props[name]] : undefined);
  const iconBefore = icon('iconBefore');
  const iconAfter = icon('iconAfter');
  return (
    <Button
      appearance={(BUTTON_APPEARANCES.has(appearance) ? appearance : 'subtle') as 'default'}
      spacing={props.spacing === 'compact' || props.spacing === 'none' ? 'compact' : 'default'}
      {...(pick(props, ['isDisabled', 'isSelected', 'shouldFitContainer', 'autoFocus', 'testId', 'isLoading']) as object)}
      type={props.type === 'submit' || props.type === 'reset' ? props.type : 'button'}
      {...(iconBefore ? { iconBefore } : {})}
      {...(iconAfter ? { iconAfter } : {})}
      onClick={() => callApp(props.onClick, serialisableEvent('click', { tagName: 'BUTTON', type: 'button' }))}
    >
      {children}
    </Button>
  );
}

function LozengeComponent({ node, children }: MappedProps): React.JSX.Element {
  const appearance = stringProp(node.props, 'appearance') ?? 'default';
  return (
    <Lozenge appearance={(LOZENGE_APPEARANCES[appearance] ?? appearance) as 'default'} {...pick(node.props, ['isBold', 'maxWidth', 'testId'])}>
      {children}
    </Lozenge>
  );
}

function TooltipComponent({ node, children }: MappedProps): React.JSX.Element {
  const content = stringProp(node.props, 'content') ?? '';
  return (
    <Tooltip content={content} {...(pick(node.props, ['position', 'delay', 'truncate', 'testId']) as object)}>
      {(tooltipProps) => <span {...tooltipProps}>{children}</span>}
    </Tooltip>
  );
}

/** Status and action components by ForgeDoc type. */
export const FEEDBACK_COMPONENTS: Record<string, MappedComponent> = {
  Button: ButtonComponent,
  LoadingButton: ButtonComponent,
  ButtonGroup: ({ children }) => <span style={{ display: 'inline-flex', gap: 4 }}>{children}</span>,
  Lozenge: LozengeComponent,
  Badge: ({ node }) => <Badge {...pick(node.props, ['appearance', 'max', 'testId'])}>{Number(textOf(node)) || textOf(node)}</Badge>,
  SectionMessage: ({ node, children }) => (
    <SectionMessage {...(pick(node.props, ['appearance', 'title', 'testId']) as object)}>{children}</SectionMessage>
  ),
  Spinner: ({ node }) => <Spinner {...pick(node.props, ['size', 'appearance', 'label', 'delay', 'testId'])} />,
  Tooltip: TooltipComponent,
};
