import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every word the admin reads comes from the catalogues. This walks the renderer's TSX and
 * reports text written straight into the markup: JSX text with letters, and string literals in
 * the attributes that are shown or read aloud (label, title, placeholder, aria-label…).
 */
const SHOWN_ATTRIBUTES = new Set(['label', 'title', 'placeholder', 'aria-label', 'aria-description', 'alt', 'hint', 'content', 'header', 'description', 'validationMessage', 'message', 'text', 'aria-valuetext']);
// The product's name is the same in every language.
const NAMES = /MergeDesk/g;

// Screens not yet moved to the catalogues while issue 14 is under way; empty when it is done.
const NOT_YET_TRANSLATED = new Set<string>([
]);

const ROOT = path.resolve('renderer/src');

function tsxFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? tsxFiles(full) : e.name.endsWith('.tsx') ? [full] : [];
  });
}

function isWords(text: string): boolean {
  return /\p{L}{2,}/u.test(text.replace(NAMES, ''));
}

const COMPARISON = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/** String literals that end up on screen from an expression: through ternaries, ||, ??, templates; not t('key') nor a === 'value' test. */
function shownLiterals(e: ts.Node, source: ts.SourceFile, out: string[]): void {
  if (ts.isCallExpression(e)) {
    const callee = e.expression.getText(source);
    if (/(^|\.)t[a-z]?$/.test(callee)) return;
  }
  if (ts.isBinaryExpression(e) && COMPARISON.has(e.operatorToken.kind)) return;
  if (ts.isElementAccessExpression(e)) return shownLiterals(e.expression, source, out);
  if ((ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && isWords(e.text)) out.push(e.text);
  else if (ts.isTemplateExpression(e) && [e.head.text, ...e.templateSpans.map((sp) => sp.literal.text)].some(isWords)) out.push(e.getText(source));
  if (ts.isJsxElement(e) || ts.isJsxSelfClosingElement(e) || ts.isJsxFragment(e)) return; // visited on its own
  ts.forEachChild(e, (c) => shownLiterals(c, source, out));
}

export function hardCodedStrings(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (n: ts.Node) => `${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    // Style sheets are CSS, not text.
    if (ts.isCallExpression(node) && /makeStyles|makeResetStyles/.test(node.expression.getText(source))) return;
    if (ts.isJsxText(node) && isWords(node.text)) found.push(`${where(node)}: ${node.text.trim()}`);
    if (ts.isJsxAttribute(node) && SHOWN_ATTRIBUTES.has(node.name.getText(source)) && node.initializer) {
      const init = node.initializer;
      const texts: string[] = [];
      if (ts.isStringLiteral(init)) { if (isWords(init.text)) texts.push(init.text); }
      else if (ts.isJsxExpression(init) && init.expression) shownLiterals(init.expression, source, texts);
      for (const text of texts) found.push(`${where(node)}: ${node.name.getText(source)}=${text}`);
    }
    if (ts.isJsxExpression(node) && node.parent && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)) && node.expression) {
      const texts: string[] = [];
      shownLiterals(node.expression, source, texts);
      for (const text of texts) found.push(`${where(node)}: {${text}}`);
    }
    // Label tables outside the markup ({ merged: 'Merged' }, { label: 'Duplicates' }) are shown text as well.
    if (ts.isPropertyAssignment(node) && (ts.isStringLiteral(node.initializer) || ts.isNoSubstitutionTemplateLiteral(node.initializer)) && /\s|^[A-Z]/.test(node.initializer.text) && isWords(node.initializer.text) && !ts.isJsxAttributes(node.parent)) {
      const name = node.name.getText(source);
      if (!/^(className|key|id|value|type|appearance|intent|size|shape|color|role|path|channel|purpose|kind|dialect|fontFamily)$/.test(name)) found.push(`${where(node)}: ${name}: ${node.initializer.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no hard-coded UI text', () => {
  const files = tsxFiles(ROOT).map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
  for (const rel of files) {
    it(rel, () => {
      if (NOT_YET_TRANSLATED.has(rel)) return;
      expect(hardCodedStrings(path.join(ROOT, rel))).toEqual([]);
    });
  }

  it('finds hard-coded text where it is (the check itself)', () => {
    const file = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'md-i18n-')), 'Sample.tsx');
    fs.writeFileSync(
      file,
      [
        "const LABELS = { merged: 'Merged', other: 'x' };",
        'export const A = () => <div title="Open file" className="wide-box"><b>Save now</b>{t("nav.main")}<i>{`Page ${n}`}</i>',
        "  <span>MergeDesk · 3</span>{dry ? ' (dry run)' : ''}{x === 'testing' ? t('a') : null}<C label={`Take ${id}`} /></div>;",
      ].join('\n'),
    );
    expect(hardCodedStrings(file)).toEqual(['1: merged: Merged', '2: title=Open file', '2: Save now', '2: {`Page ${n}`}', '3: { (dry run)}', '3: label=`Take ${id}`']);
  });
});
