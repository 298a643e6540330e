package io.dblens.parsers.sql;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Walks a parsed statement once and counts what makes a query expensive to plan and run: joins,
 * subqueries (in FROM and in expressions), set operations, window functions, CTEs, and the column
 * references in WHERE, JOIN ... ON and HAVING. Column qualifiers that are table aliases are resolved to
 * the table name, so predicate columns can be matched to indexes.
 */
final class ShapeCollector {
  int joins;
  int subqueries;
  int setOperations;
  int windowFunctions;
  int ctes;
  int predicateReferences;
  private final TreeSet<String> predicateColumns = new TreeSet<>();
  private final Map<String, String> aliasToTable = new HashMap<>();
  private final List<Column> pendingColumns = new java.util.ArrayList<>();
  private boolean inPredicate;

  private final ExpressionVisitorAdapter<Void> expressions = new ExpressionVisitorAdapter<>() {
    @Override
    public <S> Void visit(Column column, S context) {
      if (inPredicate) {
        predicateReferences++;
        pendingColumns.add(column);
      }
      return null;
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
      subquery(select);
      return null;
    }

    // IN (SELECT ...) and EXISTS (SELECT ...) arrive here rather than at the ParenthesedSelect overload
    @Override
    public <S> Void visit(Select select, S context) {
      subquery(select);
      return null;
    }

    @Override
    public <S> Void visit(AnalyticExpression analytic, S context) {
      windowFunctions++;
      return super.visit(analytic, context);
    }
  };

  private void subquery(Select select) {
    subqueries++;
    boolean outer = inPredicate;
    inPredicate = false;
    select(select);
    inPredicate = outer;
  }

  void statement(Statement statement) {
    if (statement instanceof Select select) {
      select(select);
    } else if (statement instanceof Insert insert) {
      withItems(insert.getWithItemsList());
      if (insert.getSelect() != null) {
        select(insert.getSelect());
      }
    } else if (statement instanceof Update update) {
      withItems(update.getWithItemsList());
      table(update.getTable());
      joins(update.getStartJoins());
      fromItem(update.getFromItem());
      joins(update.getJoins());
      if (update.getUpdateSets() != null) {
        update.getUpdateSets().forEach(set -> set.getValues().forEach(v -> expression(v, false)));
      }
      expression(update.getWhere(), true);
    } else if (statement instanceof Delete delete) {
      withItems(delete.getWithItemsList());
      table(delete.getTable());
      joins(delete.getJoins());
      expression(delete.getWhere(), true);
    } else if (statement instanceof Merge merge) {
      table(merge.getTable());
      fromItem(merge.getFromItem());
      expression(merge.getOnCondition(), true);
    }
  }

  List<String> predicateColumns() {
    for (Column column : pendingColumns) {
      predicateColumns.add(resolve(column));
    }
    pendingColumns.clear();
    return List.copyOf(predicateColumns);
  }

  private String resolve(Column column) {
    String name = KeywordClassifier.unquote(column.getColumnName());
    Table table = column.getTable();
    if (table == null || table.getName() == null) {
      return name;
    }
    String qualifier = qualifiedName(table);
    String resolved = aliasToTable.getOrDefault(qualifier, qualifier);
    return resolved + "." + name;
  }

  void select(Select select) {
    if (select == null) {
      return;
    }
    withItems(select.getWithItemsList());
    if (select instanceof PlainSelect plain) {
      plainSelect(plain);
    } else if (select instanceof SetOperationList set) {
      setOperations += Math.max(0, set.getSelects().size() - 1);
      set.getSelects().forEach(this::select);
    } else if (select instanceof ParenthesedSelect parenthesed) {
      select(parenthesed.getSelect());
    }
  }

  private void withItems(List<WithItem<?>> items) {
    if (items == null) {
      return;
    }
    for (WithItem<?> item : items) {
      ctes++;
      if (item.getSelect() != null) {
        select(item.getSelect());
      }
    }
  }

  private void plainSelect(PlainSelect plain) {
    fromItem(plain.getFromItem());
    joins(plain.getJoins());
    if (plain.getSelectItems() != null) {
      for (SelectItem<?> item : plain.getSelectItems()) {
        expression(item.getExpression(), false);
      }
    }
    expression(plain.getWhere(), true);
    expression(plain.getHaving(), true);
  }

  private void joins(List<Join> joinList) {
    if (joinList == null) {
      return;
    }
    for (Join join : joinList) {
      joins++;
      fromItem(join.getRightItem());
      if (join.getOnExpressions() != null) {
        join.getOnExpressions().forEach(on -> expression(on, true));
      }
    }
  }

  private void fromItem(FromItem item) {
    if (item instanceof Table table) {
      table(table);
    } else if (item instanceof ParenthesedSelect select) {
      subqueries++;
      if (select.getAlias() != null) {
        aliasToTable.put(select.getAlias().getName().toLowerCase(Locale.ROOT), select.getAlias().getName().toLowerCase(Locale.ROOT));
      }
      select(select.getSelect());
    } else if (item instanceof ParenthesedFromItem parenthesed) {
      fromItem(parenthesed.getFromItem());
      joins(parenthesed.getJoins());
    }
  }

  private void table(Table table) {
    if (table == null || table.getName() == null) {
      return;
    }
    String name = qualifiedName(table);
    if (table.getAlias() != null && table.getAlias().getName() != null) {
      aliasToTable.put(KeywordClassifier.unquote(table.getAlias().getName()), name);
    }
  }

  private static String qualifiedName(Table table) {
    StringBuilder name = new StringBuilder();
    for (String part : table.getFullyQualifiedName().split("\\.")) {
      if (!part.isEmpty()) {
        if (name.length() > 0) {
          name.append('.');
        }
        name.append(KeywordClassifier.unquote(part));
      }
    }
    return name.toString();
  }

  private void expression(Expression expression, boolean predicate) {
    if (expression == null) {
      return;
    }
    boolean outer = inPredicate;
    inPredicate = predicate;
    expression.accept(expressions, null);
    inPredicate = outer;
  }
}
