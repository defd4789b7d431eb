package dev.adf.activities.expression;

import java.util.ArrayList;
import java.util.List;

/** The syntax tree of a parsed expression; every node knows its 1-based column and static type. */
sealed interface Node permits Node.Literal, Node.Variable, Node.Negate, Node.Call {

  /** 1-based column of the node's first character in the expression text. */
  int column();

  /** The type of the value this node evaluates to, known at parse time. */
  Value.Type type();

  /** Evaluates the node. */
  Value evaluate(Evaluation ctx);

  /** What evaluation needs: the variables, and the text for error messages. */
  record Evaluation(String text, SliceVariables variables) {
    ExpressionException fail(int column, String problem) {
      return new ExpressionException(text, column, problem);
    }
  }

  /**
   * A literal. For strings, {@code columns[i]} is the column of the i-th decoded character (an
   * escape {@code \'} maps to the column of its backslash), so errors inside a format string can
   * point at the exact character.
   */
  record Literal(Value value, int column, int[] columns) implements Node {
    @Override
    public Value.Type type() {
      return value.type();
    }

    @Override
    public Value evaluate(Evaluation ctx) {
      return value;
    }

    /** The column of decoded character {@code index}, or of the literal when unknown. */
    int columnOf(int index) {
      if (columns == null || columns.length == 0) {
        return column;
      }
      return columns[Math.max(0, Math.min(index, columns.length - 1))];
    }
  }

  /** A system variable such as {@code SliceStart}. */
  record Variable(SystemVariable variable, int column) implements Node {
    @Override
    public Value.Type type() {
      return Value.Type.DATETIME;
    }

    @Override
    public Value evaluate(Evaluation ctx) {
      java.time.Instant t = variable.valueIn(ctx.variables());
      if (t.isBefore(DotNetDateFormat.MIN) || t.isAfter(DotNetDateFormat.MAX)) {
        throw ctx.fail(
            column,
            variable.adfName()
                + " is "
                + t
                + ", outside the .NET DateTime range (years 0001 to 9999); check the slice");
      }
      return new Value.DateTimeValue(t);
    }
  }

  /** Unary minus on an int or decimal. */
  record Negate(Node operand, int column) implements Node {
    @Override
    public Value.Type type() {
      return operand.type();
    }

    @Override
    public Value evaluate(Evaluation ctx) {
      Value v = operand.evaluate(ctx);
      if (v instanceof Value.IntegerValue i) {
        if (i.value() == Long.MIN_VALUE) {
          throw ctx.fail(column, "negating " + i.value() + " overflows a 64-bit integer");
        }
        return new Value.IntegerValue(-i.value());
      }
      return new Value.DecimalValue(((Value.DecimalValue) v).value().negate());
    }
  }

  /** A function call whose name, argument count and argument types were checked at parse time. */
  record Call(Function function, List<Node> args, int column) implements Node {
    @Override
    public Value.Type type() {
      return function.returns();
    }

    @Override
    public Value evaluate(Evaluation ctx) {
      List<Value> values = new ArrayList<>(args.size());
      for (Node arg : args) {
        values.add(arg.evaluate(ctx));
      }
      return function.body().apply(this, values, ctx);
    }
  }
}
