// Reads what a resource page documents (docs/resources/<Kind>.md) and what the package's types declare (the Args
// interface, the Output properties of the class, the types they name), and lists every difference. The types are
// read from src/ with the TypeScript compiler: they are what a user's program compiles against, with the type
// names and value unions the pages must show. The schema (FieldSpec) and the lists the classes hand to the base
// class are read too, so that the three stay in step.
import * as path from "node:path";
import ts from "typescript";
import type { ChangeEffect, FieldSpec } from "../../src/provider/schema";

export const ROOT = path.join(__dirname, "..", "..");

/** A property of an Args interface, a resource class or a nested type, as the types declare it. */
export interface TypedField {
  readonly name: string;
  readonly optional: boolean;
  /** The type as the docs write it: `pulumi.Input`, `pulumi.Output` and `pulumi.Unwrap` taken off, `undefined` left out. */
  readonly type: string;
  /** The values of a string/number literal union (JSON, e.g. `"slb"`), or undefined for any other type. */
  readonly literals: readonly string[] | undefined;
  /** Interfaces of the package the type names (they need a section of their own). */
  readonly refs: readonly string[];
}

export interface ResourceTypes {
  readonly kind: string;
  readonly argsName: string;
  /** The resource's own arguments (those of CommonArgs left out). */
  readonly args: readonly TypedField[];
  /** The Output properties the class itself declares. */
  readonly outputs: readonly TypedField[];
  /** Names the class hands to the base class as its outputs (`fromSchema`: plus every schema field). */
  readonly runtimeOutputs: { readonly names: readonly string[]; readonly fromSchema: boolean };
  /** Outputs the class derives during a preview of an update (its StableOutputs). */
  readonly stable: readonly string[];
}

/** A program over src/ (or other roots) with the project's compiler options; `overrides` replace files' text. */
export function createProgram(
  overrides: Readonly<Record<string, string>> = {},
  rootNames: readonly string[] = [path.join(ROOT, "src", "index.ts")],
  oldProgram?: ts.Program,
): ts.Program {
  const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const options = { ...parsed.options, noEmit: true, rootDir: ROOT };
  const host = ts.createCompilerHost(options);
  const byPath = new Map(Object.entries(overrides).map(([file, text]) => [path.resolve(ROOT, file), text]));
  const getSourceFile = host.getSourceFile.bind(host);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => byPath.get(path.resolve(file)) ?? readFile(file);
  host.getSourceFile = (file, language, onError) => {
    const text = byPath.get(path.resolve(file));
    return text === undefined ? getSourceFile(file, language, onError) : ts.createSourceFile(file, text, language, true);
  };
  const program = ts.createProgram({ rootNames, options, host, oldProgram });
  // Binding sets the parent links that getText() needs.
  program.getTypeChecker();
  return program;
}

const WRAPPERS = new Set(["pulumi.Input", "pulumi.Output", "pulumi.Unwrap", "Input", "Output"]);

function isSourceFile(file: ts.SourceFile): boolean {
  return !file.isDeclarationFile && path.resolve(file.fileName).startsWith(path.join(ROOT, "src"));
}

/** The type node without pulumi's wrappers (`pulumi.Input<pulumi.Input<string>[]>` → `pulumi.Input<string>[]`). */
function unwrap(node: ts.TypeNode): ts.TypeNode {
  if (ts.isTypeReferenceNode(node) && WRAPPERS.has(node.typeName.getText()) && node.typeArguments?.length === 1) {
    return unwrap(node.typeArguments[0]!);
  }
  if (ts.isParenthesizedTypeNode(node)) return unwrap(node.type);
  return node;
}

/** The type as the docs write it. */
function render(node: ts.TypeNode): string {
  const n = unwrap(node);
  if (ts.isArrayTypeNode(n)) {
    const element = render(n.elementType);
    return ts.isUnionTypeNode(unwrap(n.elementType)) ? `(${element})[]` : `${element}[]`;
  }
  if (ts.isUnionTypeNode(n)) {
    return n.types
      .filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword)
      .map(render)
      .join(" | ");
  }
  if (ts.isTypeReferenceNode(n) && n.typeArguments) return `${n.typeName.getText()}<${n.typeArguments.map(render).join(", ")}>`;
  return n.getText().replace(/\s+/g, " ");
}

function literalValues(checker: ts.TypeChecker, node: ts.TypeNode): string[] | undefined {
  let n = unwrap(node);
  if (ts.isArrayTypeNode(n)) n = unwrap(n.elementType);
  const type = checker.getTypeFromTypeNode(n);
  const members = (type.isUnion() ? type.types : [type]).filter((t) => !(t.flags & ts.TypeFlags.Undefined));
  if (members.length === 0 || !members.every((t) => t.isStringLiteral() || t.isNumberLiteral())) return undefined;
  return members.map((t) => JSON.stringify((t as ts.LiteralType).value));
}

/** Interfaces of the package a type node names, wrappers and arrays looked through. */
function interfaceRefs(checker: ts.TypeChecker, node: ts.TypeNode): string[] {
  const refs: string[] = [];
  const visit = (child: ts.Node) => {
    if (ts.isTypeReferenceNode(child) && !WRAPPERS.has(child.typeName.getText())) {
      let symbol = checker.getSymbolAtLocation(child.typeName);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const declaration = symbol?.declarations?.[0];
      if (declaration && ts.isInterfaceDeclaration(declaration) && isSourceFile(declaration.getSourceFile())) refs.push(declaration.name.text);
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return refs;
}

function typedField(checker: ts.TypeChecker, name: string, optional: boolean, node: ts.TypeNode): TypedField {
  return { name, optional, type: render(node), literals: literalValues(checker, node), refs: interfaceRefs(checker, unwrap(node)) };
}

function findDeclaration<T extends ts.Node>(program: ts.Program, test: (node: ts.Node) => node is T, name: string): T {
  for (const file of program.getSourceFiles().filter(isSourceFile)) {
    for (const statement of file.statements) {
      if (test(statement) && (statement as unknown as { name?: ts.Identifier }).name?.text === name) return statement;
    }
  }
  throw new Error(`no declaration of ${name} in src/`);
}

/** The members of an interface or type alias of the package (inherited ones included). */
export function readInterface(program: ts.Program, name: string): { fields: TypedField[]; declaredIn: Map<string, string> } {
  const checker = program.getTypeChecker();
  const declaration = findDeclaration(
    program,
    (n): n is ts.InterfaceDeclaration | ts.TypeAliasDeclaration => ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n),
    name,
  );
  const type = checker.getTypeAtLocation(declaration.name);
  const declaredIn = new Map<string, string>();
  const fields = checker.getPropertiesOfType(type).map((symbol) => {
    const property = symbol.declarations?.[0];
    if (!property || !ts.isPropertySignature(property) || !property.type) throw new Error(`${name}.${symbol.name} is not a plain typed property`);
    declaredIn.set(symbol.name, (property.parent as ts.InterfaceDeclaration).name?.text ?? name);
    return typedField(checker, symbol.name, Boolean(property.questionToken), property.type);
  });
  return { fields, declaredIn };
}

/** The Output properties a class declares itself. */
export function readClassOutputs(program: ts.Program, className: string): TypedField[] {
  const checker = program.getTypeChecker();
  const declaration = findDeclaration(program, ts.isClassDeclaration, className);
  return declaration.members.flatMap((member) => {
    if (!ts.isPropertyDeclaration(member) || !member.type || !ts.isTypeReferenceNode(member.type)) return [];
    if (member.type.typeName.getText() !== "pulumi.Output") return [];
    return [typedField(checker, member.name.getText(), false, member.type)];
  });
}

/** A constant's initializer (`as const` looked through), or the expression itself. */
function resolveExpression(program: ts.Program, expression: ts.Expression): ts.Expression {
  let e = expression;
  if (ts.isIdentifier(e)) {
    const symbol = program.getTypeChecker().getSymbolAtLocation(e);
    const declaration = symbol?.declarations?.[0];
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) e = declaration.initializer;
  }
  while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

const isSchemaNames = (e: ts.Expression) => e.getText().replace(/\s+/g, "") === "fields.map((f)=>f.name)";

export function readResourceTypes(program: ts.Program, kind: string): ResourceTypes {
  const declaration = findDeclaration(program, ts.isClassDeclaration, kind);
  const ctor = declaration.members.find(ts.isConstructorDeclaration);
  const argsParameter = ctor?.parameters.find((p) => p.name.getText() === "args");
  if (!argsParameter?.type || !ts.isTypeReferenceNode(argsParameter.type)) throw new Error(`${kind}: the constructor has no typed args parameter`);
  const argsName = argsParameter.type.typeName.getText();
  const { fields, declaredIn } = readInterface(program, argsName);

  let superCall: ts.CallExpression | undefined;
  const findSuper = (node: ts.Node) => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) superCall = node;
    else ts.forEachChild(node, findSuper);
  };
  if (ctor?.body) findSuper(ctor.body);
  if (!superCall) throw new Error(`${kind}: no super(...) call in the constructor`);

  const names: string[] = [];
  let fromSchema = false;
  const outputList = resolveExpression(program, superCall.arguments[3]!);
  if (isSchemaNames(outputList)) fromSchema = true;
  else if (ts.isArrayLiteralExpression(outputList)) {
    for (const element of outputList.elements) {
      if (ts.isStringLiteral(element)) names.push(element.text);
      else if (ts.isSpreadElement(element) && isSchemaNames(element.expression)) fromSchema = true;
      else throw new Error(`${kind}: cannot read output list element ${element.getText()}`);
    }
  } else throw new Error(`${kind}: cannot read the output list ${outputList.getText()}`);

  const stableArgument = superCall.arguments[5];
  const stableObject = stableArgument ? resolveExpression(program, stableArgument) : undefined;
  if (stableObject && !ts.isObjectLiteralExpression(stableObject)) throw new Error(`${kind}: cannot read the stable outputs ${stableObject.getText()}`);
  const stable = stableObject ? stableObject.properties.map((p) => p.name!.getText()) : [];

  return {
    kind,
    argsName,
    args: fields.filter((f) => declaredIn.get(f.name) !== "CommonArgs"),
    outputs: readClassOutputs(program, kind),
    runtimeOutputs: { names, fromSchema },
    stable,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The pages

export interface DocRow {
  readonly name: string;
  readonly cells: Readonly<Record<string, string>>;
  /** Code spans of the Type cell, in order. */
  readonly typeSpans: readonly string[];
}

export interface DocSection {
  readonly heading: string;
  readonly level: number;
  readonly rows: readonly DocRow[];
}

const codeSpans = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** Sections of a page (by heading) with the rows of their tables; a row is named by the first cell's code span. */
export function parsePage(markdown: string): DocSection[] {
  const sections: { heading: string; level: number; rows: DocRow[] }[] = [{ heading: "", level: 0, rows: [] }];
  let headers: string[] | undefined;
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    if (fenced) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      sections.push({ heading: heading[2]!.trim(), level: heading[1]!.length, rows: [] });
      headers = undefined;
      continue;
    }
    if (!line.startsWith("|")) {
      headers = undefined;
      continue;
    }
    const cells = line
      .trim()
      .replace(/^\||\|$/g, "")
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, "|"));
    if (!headers) {
      headers = cells;
      continue;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    const name = codeSpans(cells[0] ?? "")[0];
    if (!name) continue;
    const record = Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ""]));
    sections.at(-1)!.rows.push({ name, cells: record, typeSpans: codeSpans(record.Type ?? "") });
  }
  return sections;
}

export function section(sections: readonly DocSection[], heading: string): DocSection | undefined {
  return sections.find((s) => s.heading === heading);
}

/** Sections documenting a type: headings that are one code span (`### \`ServiceResourceArgs\``). */
export function typeSections(sections: readonly DocSection[]): Map<string, DocSection> {
  return new Map(sections.filter((s) => /^`[A-Za-z]+`$/.test(s.heading)).map((s) => [s.heading.slice(1, -1), s]));
}

// ---------------------------------------------------------------------------------------------------------
// Comparison

/** The table's rows against the typed fields: same names both ways, the type and its values as declared. */
export function compareRows(where: string, rows: readonly DocRow[], fields: readonly TypedField[]): string[] {
  const problems: string[] = [];
  const documented = new Map(rows.map((r) => [r.name, r]));
  const declared = new Map(fields.map((f) => [f.name, f]));
  for (const row of rows) if (!declared.has(row.name)) problems.push(`${where}: \`${row.name}\` is documented but the types have no such field`);
  for (const field of fields) {
    const row = documented.get(field.name);
    if (!row) {
      problems.push(`${where}: \`${field.name}\` (${field.type}) is in the types but not documented`);
      continue;
    }
    if (row.typeSpans[0] !== field.type)
      problems.push(`${where}: \`${field.name}\` has type \`${field.type}\`, the page says \`${row.typeSpans[0] ?? "(none)"}\``);
    // Sorted: the compiler orders a union's members by when it first met each literal.
    const values = row.typeSpans.slice(1).sort();
    const wanted = [...(field.literals ?? [])].sort();
    if (values.join(", ") !== wanted.join(", ")) {
      problems.push(`${where}: \`${field.name}\` takes ${wanted.join(", ") || "no listed values"}, the page lists ${values.join(", ") || "none"}`);
    }
    if (row.cells.Default !== undefined && field.optional === (row.cells.Default === "required")) {
      problems.push(`${where}: \`${field.name}\` is ${field.optional ? "optional" : "required"} in the types, the page's Default says "${row.cells.Default}"`);
    }
  }
  return problems;
}

const effectWord = (effect: ChangeEffect | undefined): string =>
  effect === undefined || effect === "replace" ? "replaces" : effect === "provider" ? "stored" : "in place";

/** Defaults and "On change" of the Arguments table against the schema. */
export function compareSchema(where: string, rows: readonly DocRow[], fields: readonly FieldSpec[]): string[] {
  const problems: string[] = [];
  for (const field of fields) {
    const row = rows.find((r) => r.name === field.name);
    if (!row) continue;
    if (field.default !== undefined && !codeSpans(row.cells.Default ?? "").includes(JSON.stringify(field.default))) {
      problems.push(`${where}: \`${field.name}\` defaults to ${JSON.stringify(field.default)}, the page's Default says "${row.cells.Default ?? ""}"`);
    }
    if (row.cells["On change"] !== undefined && !row.cells["On change"].startsWith(effectWord(field.onChange))) {
      problems.push(`${where}: a change of \`${field.name}\` ${effectWord(field.onChange)}, the page says "${row.cells["On change"]}"`);
    }
  }
  return problems;
}

const names = (list: readonly { name: string }[]) => list.map((f) => f.name);
const missing = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));

/** Every difference between a resource page, the resource's types and its schema. */
export function checkResourcePage(program: ts.Program, kind: string, markdown: string, schema: readonly FieldSpec[]): string[] {
  const types = readResourceTypes(program, kind);
  const page = parsePage(markdown);
  const problems: string[] = [];

  // Arguments: the page, the Args interface and the schema.
  const argRows = section(page, "Arguments")?.rows ?? [];
  if (!section(page, "Arguments")) problems.push(`${kind}: the page has no "## Arguments" section`);
  problems.push(...compareRows(`${kind} arguments`, argRows, types.args));
  problems.push(...compareSchema(`${kind} arguments`, argRows, schema));
  for (const name of missing(names(schema), names(types.args))) problems.push(`${kind}: schema field \`${name}\` is not in ${types.argsName}`);
  for (const name of missing(names(types.args), names(schema))) problems.push(`${kind}: ${types.argsName}.${name} is not in the schema`);
  for (const field of schema) {
    const typed = types.args.find((a) => a.name === field.name);
    if (typed && typed.optional === Boolean(field.required))
      problems.push(`${kind}: \`${field.name}\` is ${field.required ? "required" : "optional"} in the schema but not in ${types.argsName}`);
    const members = field.rules?.members;
    if (!typed || !members) continue;
    const nested = typed.refs[0] ? readInterface(program, typed.refs[0]).fields : [];
    if (names(nested).sort().join() !== names(members).sort().join()) {
      problems.push(
        `${kind}: \`${field.name}\` members are ${names(members).join(", ")} in the schema, ${names(nested).join(", ")} in ${typed.refs[0] ?? "the types"}`,
      );
    }
    for (const member of members) {
      const m = nested.find((n) => n.name === member.name);
      if (m && m.optional === Boolean(member.required))
        problems.push(`${kind}: \`${field.name}.${member.name}\` is ${member.required ? "required" : "optional"} in the schema but not in the types`);
    }
  }

  // Outputs: every argument is an output of the same type; the class declares exactly what it hands to the base class.
  for (const arg of types.args) {
    const output = types.outputs.find((o) => o.name === arg.name);
    if (!output) problems.push(`${kind}: argument \`${arg.name}\` is not declared as an Output of the class`);
    else if (output.type !== arg.type) problems.push(`${kind}: output \`${arg.name}\` is \`${output.type}\` but the argument is \`${arg.type}\``);
  }
  const runtime = [...types.runtimeOutputs.names, ...(types.runtimeOutputs.fromSchema ? names(schema) : [])];
  for (const name of missing(names(types.outputs), runtime))
    problems.push(`${kind}: Output \`${name}\` is declared but never resolved (not in the class's output list)`);
  for (const name of missing(runtime, names(types.outputs))) problems.push(`${kind}: output \`${name}\` is resolved but the class does not declare it`);
  const computed = types.outputs.filter((o) => !names(types.args).includes(o.name));
  const outputRows = section(page, "Outputs")?.rows ?? [];
  if (!section(page, "Outputs")) problems.push(`${kind}: the page has no "## Outputs" section`);
  problems.push(...compareRows(`${kind} outputs`, outputRows, computed));
  for (const row of outputRows) {
    const known = row.cells["Known in a preview"];
    if (known === undefined) continue;
    const stable = types.stable.includes(row.name);
    if (known !== (stable ? "yes" : "no"))
      problems.push(`${kind}: \`${row.name}\` is ${stable ? "" : "not "}known during a preview of an update, the page says "${known}"`);
  }

  // Types the arguments and outputs name: one section each, and none for a type nothing uses.
  const documented = typeSections(page);
  const used = new Set<string>();
  const queue = [...types.args, ...computed].flatMap((f) => f.refs);
  while (queue.length > 0) {
    const ref = queue.shift()!;
    if (used.has(ref)) continue;
    used.add(ref);
    const { fields } = readInterface(program, ref);
    queue.push(...fields.flatMap((f) => f.refs));
    const docs = documented.get(ref);
    if (!docs) problems.push(`${kind}: type \`${ref}\` has no "### \`${ref}\`" section`);
    else problems.push(...compareRows(`${kind} ${ref}`, docs.rows, fields));
  }
  for (const name of documented.keys()) if (!used.has(name)) problems.push(`${kind}: the page documents type \`${name}\`, which no argument or output uses`);
  return problems;
}

/** The overview page's common arguments, common outputs and Timeouts against CommonArgs, the base class and the schema. */
export function checkCommonPage(program: ts.Program, markdown: string, commonSchema: readonly FieldSpec[]): string[] {
  const page = parsePage(markdown);
  const problems: string[] = [];
  const common = readInterface(program, "CommonArgs").fields;
  const argRows = section(page, "Common arguments")?.rows ?? [];
  problems.push(...compareRows("common arguments", argRows, common));
  problems.push(...compareSchema("common arguments", argRows, commonSchema));
  for (const name of missing(names(commonSchema), names(common))) problems.push(`common schema field \`${name}\` is not in CommonArgs`);
  for (const name of missing(names(common), names(commonSchema))) problems.push(`CommonArgs.${name} is not in the common schema`);
  problems.push(...compareRows("common outputs", section(page, "Common outputs")?.rows ?? [], readClassOutputs(program, "PrivateLinkResource")));
  problems.push(...compareEnumerations(program, section(page, "Enumerations")?.rows ?? []));
  const timeouts = typeSections(page).get("Timeouts");
  if (!timeouts) problems.push('the overview has no "### `Timeouts`" section');
  problems.push(...compareRows("Timeouts", timeouts?.rows ?? [], readInterface(program, "Timeouts").fields));
  return problems;
}

/** The enumerations table against the unions src/index.ts exports from src/spec/: every one listed, with its values. */
function compareEnumerations(program: ts.Program, rows: readonly DocRow[]): string[] {
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(path.join(ROOT, "src", "index.ts"))!;
  const exported = index.statements.flatMap((statement) => {
    if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) return [];
    if (!/^"\.\/spec\//.test(statement.moduleSpecifier?.getText() ?? "")) return [];
    return statement.exportClause.elements.filter((e) => e.isTypeOnly).map((e) => e.name);
  });
  const problems: string[] = [];
  for (const name of exported) {
    const row = rows.find((r) => r.name === name.text);
    if (!row) {
      problems.push(`enumerations: \`${name.text}\` is exported but not listed`);
      continue;
    }
    const type = checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(checker.getSymbolAtLocation(name)!));
    const members = type.isUnion() ? type.types : [type];
    const values = members.map((t) => JSON.stringify((t as ts.LiteralType).value)).sort();
    const documented = [...(row.cells.Values ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1]!).sort();
    if (values.join(", ") !== documented.join(", "))
      problems.push(`enumerations: \`${name.text}\` is ${values.join(", ")}, the page lists ${documented.join(", ")}`);
  }
  for (const row of rows) if (!exported.some((n) => n.text === row.name)) problems.push(`enumerations: \`${row.name}\` is listed but not exported`);
  return problems;
}
