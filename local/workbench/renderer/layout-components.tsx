/**
 * Layout and text: Box, Stack, Inline (@atlaskit/primitives), Text, Heading, Link, Code and the
 * legacy Em/Strong/Strike. UI Kit props pass through where Atlaskit names them the same.
 */
import Heading from '@atlaskit/heading';
import Link from '@atlaskit/link';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import React from 'react';
import { pick, stringProp, type MappedComponent, type MappedProps } from './forge-doc';

const BOX_PROPS = ['as', 'backgroundColor', 'padding', 'paddingBlock', 'paddingBlockStart', 'paddingBlockEnd', 'paddingInline', 'paddingInlineStart', 'paddingInlineEnd', 'role', 'testId'];
const FLEX_PROPS = ['as', 'alignBlock', 'alignInline', 'spread', 'grow', 'space', 'shouldWrap', 'separator', 'rowSpace', 'testId'];
const TEXT_PROPS = ['align', 'color', 'maxLines', 'size', 'weight', 'testId', 'id'];
const HEADING_SIZES = ['xxlarge', 'xlarge', 'large', 'medium', 'small', 'xsmall'] as const;

/** UI Kit's `xcss()` is the identity, so the style object arrives as data; Atlaskit's xcss turns it into styles. */
function BoxComponent({ node, children }: MappedProps): React.JSX.Element {
  const style = node.props.xcss;
  let styles: ReturnType<typeof xcss> | undefined;
  try {
    styles = typeof style === 'object' && style !== null ? xcss(style) : undefined;
  } catch {
    styles = undefined;
  }
  return <Box {...pick(node.props, BOX_PROPS)} {...(styles ? { xcss: styles } : {})}>{children}</Box>;
}

function TextComponent({ node, children }: MappedProps): React.JSX.Element {
  // UI Kit's Text is a paragraph unless `as` says otherwise; 'strike' has no Atlaskit equivalent.
  const as = stringProp(node.props, 'as') ?? 'p';
  const text = <Text {...(pick(node.props, TEXT_PROPS) as object)} as={as === 'span' || as === 'strong' || as === 'em' ? as : 'p'}>{children}</Text>;
  return as === 'strike' ? <s>{text}</s> : text;
}

function HeadingComponent({ node, children }: MappedProps): React.JSX.Element {
  const as = stringProp(node.props, 'as');
  const level = as && /^h[1-6]$/.test(as) ? Number(as.slice(1)) : undefined;
  const size = stringProp(node.props, 'size') ?? (level ? HEADING_SIZES[Math.min(level, HEADING_SIZES.length) - 1] : 'medium');
  return (
    <Heading size={size as (typeof HEADING_SIZES)[number]} {...(pick(node.props, ['as', 'color', 'id', 'testId']) as object)}>
      {children}
    </Heading>
  );
}

function LinkComponent({ node, children }: MappedProps): React.JSX.Element {
  const href = stringProp(node.props, 'href') ?? '#';
  const newTab = node.props.openNewTab === true;
  return (
    <Link href={href} {...(newTab ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
      {children}
    </Link>
  );
}

const tag =
  (Tag: 'em' | 'strong' | 's' | 'code'): MappedComponent =>
  ({ children }) => <Tag>{children}</Tag>;

/** Layout and text components by ForgeDoc type. */
export const LAYOUT_COMPONENTS: Record<string, MappedComponent> = {
  Box: BoxComponent,
  Stack: ({ node, children }) => <Stack {...(pick(node.props, FLEX_PROPS) as object)}>{children}</Stack>,
  Inline: ({ node, children }) => <Inline {...(pick(node.props, FLEX_PROPS) as object)}>{children}</Inline>,
  Text: TextComponent,
  Heading: HeadingComponent,
  Link: LinkComponent,
  Code: tag('code'),
  Em: tag('em'),
  Strong: tag('strong'),
  Strike: tag('s'),
};
