import type { AdfNode } from './types';

/**
 * Renders the stored ADF body as Confluence storage format (XHTML) or a plain view HTML.
 * Covers the nodes our pages use; Forge macros become `<ac:adf-extension>` blocks whose
 * `parameters` carry `<ac:adf-parameter key="local-id">`, the shape Confluence uses for Forge macros.
 */
export type HtmlFlavour = 'storage' | 'view';

const EXTENSION_TYPES = new Set(['extension', 'inlineExtension', 'bodiedExtension']);

const MARK_TAGS: Record<string, string> = { strong: 'strong', em: 'em', code: 'code', underline: 'u', strike: 's' };

/** Renders an ADF JSON string in the given flavour. */
export function renderAdf(adfJson: string, flavour: HtmlFlavour): string {
  const doc = JSON.parse(adfJson) as AdfNode;
  return renderNodes(doc.content ?? [], flavour);
}

function renderNodes(nodes: AdfNode[], flavour: HtmlFlavour): string {
  return nodes.map((node) => renderNode(node, flavour)).join('');
}

function renderNode(node: AdfNode, flavour: HtmlFlavour): string {
  const inner = () => renderNodes(node.content ?? [], flavour);
  if (EXTENSION_TYPES.has(node.type)) return renderExtension(node, flavour);
  switch (node.type) {
    case 'text':
      return renderText(node);
    case 'paragraph':
      return `<p>${inner()}</p>`;
    case 'heading':
      return `<h${headingLevel(node)}>${inner()}</h${headingLevel(node)}>`;
    case 'bulletList':
      return `<ul>${inner()}</ul>`;
    case 'orderedList':
      return `<ol>${inner()}</ol>`;
    case 'listItem':
      return `<li>${inner()}</li>`;
    case 'rule':
      return '<hr />';
    case 'hardBreak':
      return '<br />';
    default:
      return inner();
  }
}

function headingLevel(node: AdfNode): number {
  const level = Number(node.attrs?.level);
  return level >= 1 && level <= 6 ? level : 1;
}

/** An ADF attribute as text: strings as they are, other scalars stringified, anything else (absent, objects) `fallback`. */
function attrText(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return fallback;
}

function renderText(node: AdfNode): string {
  let html = escapeXml(node.text ?? '');
  for (const mark of node.marks ?? []) {
    if (mark.type === 'link') html = `<a href="${escapeXml(attrText(mark.attrs?.href, ''))}">${html}</a>`;
    const tag = MARK_TAGS[mark.type];
    if (tag) html = `<${tag}>${html}</${tag}>`;
  }
  return html;
}

function renderExtension(node: AdfNode, flavour: HtmlFlavour): string {
  const attrs = node.attrs ?? {};
  const title = escapeXml(attrText(attrs.text, attrText(attrs.extensionKey, 'Extension')));
  if (flavour === 'view') {
    const parameters = (attrs.parameters ?? {}) as Record<string, unknown>;
    return `<div class="forge-macro" data-local-id="${escapeXml(attrText(parameters.localId, ''))}">${title}</div>`;
  }
  const attributes = Object.entries(attrs)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) =>
      key === 'parameters'
        ? `<ac:adf-attribute key="parameters">${renderParameters(value as Record<string, unknown>)}</ac:adf-attribute>`
        : `<ac:adf-attribute key="${kebab(key)}">${escapeXml(String(value))}</ac:adf-attribute>`,
    )
    .join('');
  return (
    `<ac:adf-extension><ac:adf-node type="${kebab(node.type)}">${attributes}</ac:adf-node>` +
    `<ac:adf-fallback><p>${title}</p></ac:adf-fallback></ac:adf-extension>`
  );
}

function renderParameters(parameters: Record<string, unknown>): string {
  return Object.entries(parameters)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => renderParameter(kebab(key), value))
    .join('');
}

function renderParameter(key: string, value: unknown): string {
  if (Array.isArray(value)) {
    const items = value.map((item) => `<ac:adf-parameter-value>${escapeXml(String(item))}</ac:adf-parameter-value>`);
    return `<ac:adf-parameter key="${key}">${items.join('')}</ac:adf-parameter>`;
  }
  if (typeof value === 'object' && value !== null) {
    return `<ac:adf-parameter key="${key}">${renderParameters(value as Record<string, unknown>)}</ac:adf-parameter>`;
  }
  const type = typeof value === 'boolean' || typeof value === 'number' ? ` type="${typeof value}"` : '';
  return `<ac:adf-parameter key="${key}"${type}>${escapeXml(String(value))}</ac:adf-parameter>`;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
