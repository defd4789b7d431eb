package dev.adf.activities.expression;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recursive-descent parser and type checker for the ADF v1 expression language:
 *
 * <pre>
 * expression := '-' expression | literal | variable | call
 * call       := name '(' [expression (',' expression)*] ')'      name := ident ('.' ident)*
 * literal    := integer | decimal | 'string' | true | false
 * </pre>
 *
 * In strings {@code \'} is a quote and {@code \\} a backslash; any other backslash is kept as is.
 * Function and variable names ignore case. Columns are 1-based in the whole text.
 */
final class Parser {
  private final String text;
  private int pos;

  private Parser(String text, int start) {
    this.text = text;
    this.pos = start;
  }

  /** Parses {@code text} from index {@code start} (2 after a {@code $$}) to its end. */
  static Node parse(String text, int start) {
    Parser p = new Parser(text, start);
    p.skipSpaces();
    if (p.eof()) {
      throw p.fail(
          p.pos,
          "the expression is empty; write e.g. $$Text.Format('{0:yyyy/MM/dd}', SliceStart)");
    }
    Node root = p.expression();
    p.skipSpaces();
    if (!p.eof()) {
      char c = p.peek();
      if (c == ')') {
        throw p.fail(p.pos, "unbalanced parentheses: this ')' has no matching '('");
      }
      throw p.fail(
          p.pos,
          "unexpected '"
              + c
              + "' after the end of the expression; an expression is one value or function call"
              + " (only unary minus is supported, no other operators)");
    }
    return root;
  }

  /** Deepest nesting of calls and unary minus accepted; deeper input is an error, not a stack overflow. */
  static final int MAX_DEPTH = 64;

  private int depth;

  private Node expression() {
    if (++depth > MAX_DEPTH) {
      throw fail(pos, "the expression nests deeper than " + MAX_DEPTH + " levels; simplify it");
    }
    try {
      return expressionAtDepth();
    } finally {
      depth--;
    }
  }

  private Node expressionAtDepth() {
    skipSpaces();
    if (eof()) {
      throw fail(pos, "the expression ends where a value was expected; complete it");
    }
    char c = peek();
    int start = pos;
    if (c == '-') {
      pos++;
      Node operand = expression();
      if (operand.type() != Value.Type.INTEGER && operand.type() != Value.Type.DECIMAL) {
        throw fail(
            start, "unary minus needs a number but " + describe(operand) + " is " + article(operand.type().adfName()));
      }
      return new Node.Negate(operand, start + 1);
    }
    if (c == '\'') {
      return string();
    }
    if (isDigit(c)) {
      return number();
    }
    if (Character.isLetter(c) || c == '_') {
      return nameOrCall();
    }
    if (c == '$' && text.startsWith("$$", pos)) {
      throw fail(
          pos,
          "'$$' only starts a property value; write nested calls without it, e.g."
              + " $$Text.Format('{0:yyyy}', Time.AddHours(SliceStart, -6))");
    }
    if (c == '"') {
      throw fail(pos, "strings are written in single quotes: 'text' (a quote inside is \\')");
    }
    if (c == ')' || c == ',') {
      throw fail(pos, "unexpected '" + c + "': a value is missing here");
    }
    throw fail(pos, "unexpected character '" + c + "'; expected a value, a variable or a function call");
  }

  private Node string() {
    int open = pos;
    pos++;
    StringBuilder b = new StringBuilder();
    List<Integer> columns = new ArrayList<>();
    while (true) {
      if (eof()) {
        throw fail(
            open,
            "unterminated string: this quote is never closed; end the string with ' and write a"
                + " quote inside it as \\'");
      }
      char c = text.charAt(pos);
      if (c == '\'') {
        pos++;
        break;
      }
      if (c == '\\' && pos + 1 < text.length()
          && (text.charAt(pos + 1) == '\'' || text.charAt(pos + 1) == '\\')) {
        b.append(text.charAt(pos + 1));
        columns.add(pos + 1);
        pos += 2;
        continue;
      }
      b.append(c);
      columns.add(pos + 1);
      pos++;
    }
    int[] cols = columns.stream().mapToInt(Integer::intValue).toArray();
    return new Node.Literal(new Value.StringValue(b.toString()), open + 1, cols);
  }

  private Node number() {
    int start = pos;
    while (!eof() && isDigit(peek())) {
      pos++;
    }
    boolean decimal = false;
    if (!eof() && peek() == '.') {
      pos++;
      if (eof() || !isDigit(peek())) {
        throw fail(pos - 1, "a decimal point must be followed by digits, e.g. 1.5");
      }
      decimal = true;
      while (!eof() && isDigit(peek())) {
        pos++;
      }
    }
    if (!eof() && (Character.isLetter(peek()) || peek() == '_')) {
      throw fail(start, "a number cannot be followed directly by letters; separate arguments with ','");
    }
    String digits = text.substring(start, pos);
    if (decimal) {
      return new Node.Literal(new Value.DecimalValue(new BigDecimal(digits)), start + 1, null);
    }
    try {
      return new Node.Literal(new Value.IntegerValue(Long.parseLong(digits)), start + 1, null);
    } catch (NumberFormatException e) {
      throw fail(start, "the integer " + digits + " is too large (the limit is " + Long.MAX_VALUE + ")");
    }
  }

  private Node nameOrCall() {
    int start = pos;
    StringBuilder name = new StringBuilder(identifier());
    while (!eof() && peek() == '.') {
      pos++;
      if (eof() || !(Character.isLetter(peek()) || peek() == '_')) {
        throw fail(pos - 1, "'.' must be followed by a name, as in Time.AddHours");
      }
      name.append('.').append(identifier());
    }
    int afterName = pos;
    skipSpaces();
    if (!eof() && peek() == '(') {
      return call(name.toString(), start);
    }
    pos = afterName;
    return variable(name.toString(), start);
  }

  private String identifier() {
    int start = pos;
    while (!eof() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private Node variable(String name, int start) {
    if (name.equalsIgnoreCase("true") || name.equalsIgnoreCase("false")) {
      return new Node.Literal(new Value.BooleanValue(name.equalsIgnoreCase("true")), start + 1, null);
    }
    Optional<SystemVariable> v = SystemVariable.byName(name);
    if (v.isPresent()) {
      return new Node.Variable(v.get(), start + 1);
    }
    Optional<Function> f = Functions.byName(name);
    if (f.isPresent()) {
      throw fail(start, f.get().name() + " is a function; call it with arguments: " + f.get().signature());
    }
    throw fail(
        start,
        "unknown variable '"
            + name
            + "'"
            + SystemVariable.didYouMean(name)
            + "; use "
            + SystemVariable.ALL_NAMES);
  }

  private Node call(String name, int start) {
    Function f =
        Functions.byName(name)
            .orElseThrow(
                () -> fail(start, "unknown function '" + name + "'; " + Functions.adviceFor(name)));
    int open = pos;
    pos++;
    List<Node> args = new ArrayList<>();
    skipSpaces();
    if (!eof() && peek() == ')') {
      pos++;
    } else {
      while (true) {
        args.add(expression());
        skipSpaces();
        if (eof()) {
          throw fail(
              open, "unbalanced parentheses: this '(' of " + name + " is never closed; add ')'");
        }
        char c = peek();
        pos++;
        if (c == ')') {
          break;
        }
        if (c != ',') {
          throw fail(
              pos - 1,
              "expected ',' or ')' after argument " + args.size() + " of " + name + " but found '" + c + "'");
        }
      }
    }
    Node.Call call = new Node.Call(f, List.copyOf(args), start + 1);
    checkArguments(call);
    if (f.check() != null) {
      f.check().check(call, text);
    }
    return call;
  }

  private void checkArguments(Node.Call call) {
    Function f = call.function();
    int n = call.args().size();
    int fixed = f.params().size();
    boolean countOk = f.variadic() ? n >= fixed - 1 : n == fixed;
    if (!countOk) {
      String expected = f.variadic() ? "at least " + (fixed - 1) : Integer.toString(fixed);
      throw fail(
          call.column() - 1,
          f.name()
              + " takes "
              + expected
              + (fixed == 1 && !f.variadic() ? " argument" : " arguments")
              + " but got "
              + n
              + "; write "
              + f.signature());
    }
    for (int i = 0; i < n; i++) {
      Function.Param p = f.params().get(Math.min(i, fixed - 1));
      Node arg = call.args().get(i);
      if (!p.kind().accepts(arg.type())) {
        throw fail(
            arg.column() - 1,
            "argument "
                + (i + 1)
                + " ("
                + p.name()
                + ") of "
                + f.name()
                + " must be "
                + article(p.kind().label)
                + " but "
                + describe(arg)
                + " is "
                + article(arg.type().adfName())
                + "; write "
                + f.signature());
      }
    }
  }

  private static String describe(Node n) {
    if (n instanceof Node.Call c) {
      return c.function().name() + "(…)";
    }
    if (n instanceof Node.Variable v) {
      return v.variable().adfName();
    }
    if (n instanceof Node.Literal l && l.value() instanceof Value.StringValue s) {
      return "'" + (s.text().length() > 20 ? s.text().substring(0, 20) + "…" : s.text()) + "'";
    }
    if (n instanceof Node.Literal l) {
      return l.value().toText();
    }
    return "the value";
  }

  /** "an int", "a DateTime". */
  static String article(String noun) {
    return ("aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0 ? "an " : "a ") + noun;
  }

  private ExpressionException fail(int index, String problem) {
    return new ExpressionException(text, index + 1, problem);
  }

  private void skipSpaces() {
    while (!eof() && Character.isWhitespace(peek())) {
      pos++;
    }
  }

  private boolean eof() {
    return pos >= text.length();
  }

  private char peek() {
    return text.charAt(pos);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
