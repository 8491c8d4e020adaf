/* global module */
/**
 * The help page's function sections, generated from functions.json at build time so the page
 * can never disagree with what Excel shows (signature, description, every argument).
 *
 * addin/assets/help.html is the template. Each function has a block
 *   <!-- carefee:function FEE -->  ...notes only the page needs (optional)...  <!-- /carefee:function -->
 * which becomes <section id="care-fee"> with the generated heading, signature, description and
 * argument list, then the notes. A function in the metadata without a block is added after the
 * last block, so a new function always has its section.
 */
const BLOCK = /<!-- carefee:function ([A-Z]+) -->([\s\S]*?)<!-- \/carefee:function -->/g;

const escape = (text) =>
  String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** `=CARE.FEE(card, category, [band])`, as Excel's formula bar shows it. */
function signature(f) {
  const params = f.parameters ?? [];
  return `=CARE.${f.name}(${params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ')})`;
}

function section(f, notes) {
  const params = f.parameters ?? [];
  const indent = '      ';
  const lines = [
    `<section id="care-${f.id.toLowerCase()}">`,
    `${indent}<h2>CARE.${escape(f.name)}</h2>`,
    `${indent}<p><code>${escape(signature(f))}</code></p>`,
    `${indent}<p>${escape(f.description)}</p>`,
  ];
  if (params.length > 0) {
    lines.push(`${indent}<dl>`);
    for (const p of params) {
      lines.push(
        `${indent}  <dt><code>${escape(p.name)}</code>${p.optional ? ' (optional)' : ''}</dt>`,
      );
      lines.push(`${indent}  <dd>${escape(p.description ?? '')}</dd>`);
    }
    lines.push(`${indent}</dl>`);
  }
  const extra = notes.trim();
  if (extra) lines.push(`${indent}${extra}`);
  lines.push('    </section>');
  return lines.join('\n');
}

/** The template with every function block replaced by its generated section. */
function renderHelpPage(template, metadata) {
  const functions = new Map(metadata.functions.map((f) => [f.id, f]));
  const placed = new Set();
  let html = template.replace(BLOCK, (_, id, notes) => {
    const f = functions.get(id);
    if (!f)
      throw new Error(`help.html has a block for CARE.${id}, which functions.json does not define`);
    placed.add(id);
    return section(f, notes);
  });
  const missing = metadata.functions.filter((f) => !placed.has(f.id));
  if (missing.length > 0) {
    const at = html.indexOf('<!-- carefee:functions-end -->');
    if (at < 0) throw new Error('help.html has no <!-- carefee:functions-end --> marker');
    html = `${html.slice(0, at)}${missing.map((f) => section(f, '')).join('\n    ')}\n    ${html.slice(at)}`;
  }
  return html;
}

module.exports = { renderHelpPage, signature };
