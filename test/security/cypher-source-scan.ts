// Finds Cypher that is not loaded from cypher/*.cypher: string and template literals (and `+`
// concatenations) in TypeScript source that read like Cypher, statement objects built by hand,
// and `.run(...)` calls whose statement is neither `cypher('name')` nor a statement passed
// through. Parses with the TypeScript compiler, so comments and identifiers never count, only
// the text of strings.
import ts from 'typescript';

export interface CypherFinding {
  file: string;
  line: number;
  rule: 'cypher-in-string' | 'hand-built-statement' | 'run-without-statement';
  text: string;
}

/** Shapes only Cypher has: clause keywords followed by a pattern, a parameter list or another clause. */
const CYPHER_SHAPES: RegExp[] = [
  // A node pattern after a reading or writing clause: MATCH (a:Account), merge (n {id: 1}), CREATE ()
  /\b(?:OPTIONAL\s+MATCH|MATCH|MERGE|CREATE)\s*\(\s*\w*\s*[:){]/i,
  /\bUNWIND\s+\S+\s+AS\s+\w+/i,
  /\bCALL\s*\{\s*(?:WITH|MATCH|OPTIONAL|UNWIND|CREATE|MERGE|RETURN)\b/i,
  /\bCALL\s+[a-z]\w*(?:\.\w+)+\s*\(/i,
  /\bDETACH\s+DELETE\b/i,
  // Upper case only: "return them as JSON" is English.
  /\b(?:RETURN|WITH)\s+(?:DISTINCT\s+)?[\w$.]+\s+AS\s+\w+/,
  /\bSHOW\s+[A-Z ]+\s+YIELD\b/,
  // A property access after a clause keyword: WHERE n.score > ..., SET a.x = ..., ORDER BY c.size
  /\b(?:WHERE|SET|ORDER\s+BY|DELETE|REMOVE)\s+\w+\.[\w$]+/,
];

/** Upper-case clause keywords as whole words: two different ones in one string are Cypher. */
const CLAUSE_KEYWORDS = ['MATCH', 'MERGE', 'CREATE', 'RETURN', 'WHERE', 'SET', 'DELETE', 'UNWIND', 'CALL', 'WITH', 'LIMIT', 'SKIP', 'DETACH', 'YIELD', 'FOREACH'];

export function looksLikeCypher(text: string): boolean {
  if (CYPHER_SHAPES.some((shape) => shape.test(text))) return true;
  const keywords = new Set(CLAUSE_KEYWORDS.filter((keyword) => new RegExp(`(^|[^A-Za-z_])${keyword}($|[^A-Za-z_])`).test(text)));
  return keywords.size >= 2;
}

/** The literal text of a string, template (placeholders as `$x`) or `+` chain; undefined for anything else. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => `$x${span.literal.text}`).join('');
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = literalText(node.left) ?? '$x';
    const right = literalText(node.right) ?? '$x';
    return `${left}${right}`;
  }
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  return undefined;
}

const isCypherCall = (node: ts.Node): boolean => ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'cypher';

export interface ScanOptions {
  /** Files allowed to call `.run` with driver text: the adapter that owns the driver. */
  driverFiles?: readonly string[];
  /** Files allowed to build statement objects: the loader of cypher/ files. */
  loaderFiles?: readonly string[];
}

export function scanSource(file: string, source: string, options: ScanOptions = {}): CypherFinding[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const findings: CypherFinding[] = [];
  const add = (node: ts.Node, rule: CypherFinding['rule']) =>
    findings.push({ file, line: sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1, rule, text: node.getText(sourceFile).slice(0, 160) });
  const isDriverFile = (options.driverFiles ?? []).some((allowed) => file.endsWith(allowed));
  const isLoaderFile = (options.loaderFiles ?? []).some((allowed) => file.endsWith(allowed));

  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    if (text !== undefined) {
      // A `+` chain is judged as a whole: its parts are not visited again.
      if (looksLikeCypher(text)) add(node, 'cypher-in-string');
      if (ts.isBinaryExpression(node) || ts.isTemplateExpression(node)) {
        for (const child of ts.isTemplateExpression(node) ? node.templateSpans.map((span) => span.expression) : [node.left, node.right]) {
          if (literalText(child) === undefined) visit(child);
        }
      }
      return;
    }
    if (ts.isObjectLiteralExpression(node)) {
      const names = new Set(
        node.properties.map((property) => (ts.isSpreadAssignment(property) ? '...' : property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : '')),
      );
      // { name, text } is a CypherStatement; { ...statement, text } rewrites one.
      if (!isLoaderFile && names.has('text') && (names.has('name') || names.has('...'))) add(node, 'hand-built-statement');
    }
    if (!isDriverFile && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'run' && node.arguments.length > 0) {
      const statement = node.arguments[0] as ts.Expression;
      // cypher('name') loads a file; a bare identifier passes on a statement received from a caller.
      if (!isCypherCall(statement) && !ts.isIdentifier(statement)) add(node, 'run-without-statement');
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
}
