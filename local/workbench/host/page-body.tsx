/**
 * The page body: ADF rendered simply (paragraphs, headings, lists, rules, code, quotes, panels,
 * tables, text marks), with each Forge macro extension node replaced by a live macro slot.
 */
import React, { Fragment, type ReactNode } from 'react';
import type { AdfNode } from '../../platform/confluence/types';

/** How the body asks for a macro slot. */
export type RenderMacro = (node: AdfNode, localId: string, moduleKey: string) => ReactNode;

/** A string attribute of an ADF node or mark, or `fallback` when it is missing or not a string. */
function attrText(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function macroIdentity(node: AdfNode): { localId: string; moduleKey: string } | undefined {
  if (node.attrs?.extensionType !== 'com.atlassian.ecosystem') return undefined;
  const moduleKey = /\/static\/([^/]+)$/.exec(attrText(node.attrs.extensionKey, ''))?.[1];
  const localId = (node.attrs.parameters as { localId?: string } | undefined)?.localId;
  return moduleKey && localId ? { localId, moduleKey } : undefined;
}

function marked(node: AdfNode): ReactNode {
  let content: ReactNode = node.text ?? '';
  for (const mark of node.marks ?? []) {
    if (mark.type === 'strong') content = <strong>{content}</strong>;
    else if (mark.type === 'em') content = <em>{content}</em>;
    else if (mark.type === 'code') content = <code>{content}</code>;
    else if (mark.type === 'strike') content = <s>{content}</s>;
    else if (mark.type === 'underline') content = <u>{content}</u>;
    else if (mark.type === 'link') content = <a href={attrText(mark.attrs?.href, '#')}>{content}</a>;
  }
  return content;
}

/** Renders ADF nodes; `renderMacro` fills Forge macro slots. */
export function renderAdf(nodes: AdfNode[] | undefined, renderMacro: RenderMacro): ReactNode {
  return (nodes ?? []).map((node, index) => <Fragment key={index}>{renderNode(node, renderMacro)}</Fragment>);
}

function renderNode(node: AdfNode, renderMacro: RenderMacro): ReactNode {
  const inner = () => renderAdf(node.content, renderMacro);
  switch (node.type) {
    case 'paragraph':
      return <p>{inner()}</p>;
    case 'text':
      return marked(node);
    case 'hardBreak':
      return <br />;
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(node.attrs?.level ?? 2)));
      return React.createElement(`h${level}`, null, inner());
    }
    case 'bulletList':
      return <ul>{inner()}</ul>;
    case 'orderedList':
      return <ol>{inner()}</ol>;
    case 'listItem':
      return <li>{inner()}</li>;
    case 'rule':
      return <hr />;
    case 'codeBlock':
      return <pre>{inner()}</pre>;
    case 'blockquote':
      return <blockquote>{inner()}</blockquote>;
    case 'panel':
      return <div className={`wb-panel wb-panel-${attrText(node.attrs?.panelType, 'info')}`}>{inner()}</div>;
    case 'table':
      return (
        <table className="wb-adf-table">
          <tbody>{inner()}</tbody>
        </table>
      );
    case 'tableRow':
      return <tr>{inner()}</tr>;
    case 'tableHeader':
      return <th>{inner()}</th>;
    case 'tableCell':
      return <td>{inner()}</td>;
    case 'extension':
    case 'bodiedExtension':
    case 'inlineExtension': {
      const macro = macroIdentity(node);
      if (macro) return renderMacro(node, macro.localId, macro.moduleKey);
      return <div className="wb-adf-unsupported">Extension {attrText(node.attrs?.extensionKey, node.type)} (not a Forge macro of this app)</div>;
    }
    default:
      return <div className="wb-adf-unsupported">ADF node “{node.type}” is not rendered by the workbench</div>;
  }
}
