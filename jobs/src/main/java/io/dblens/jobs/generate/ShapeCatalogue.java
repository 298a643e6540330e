package io.dblens.jobs.generate;

import io.dblens.jobs.generate.QueryShape.Protocol;
import io.dblens.jobs.generate.QueryShape.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The query shapes of a busy shop database: OLTP traffic whose frequencies follow a Zipf law in the
 * order listed, a handful of rare but slow reporting queries, and transaction control. Shape ids are
 * stable (q01, q02, ...) because the ground truth and the tests refer to them. The PostgreSQL and MySQL
 * catalogues hold the same workload in each server's SQL (a MySQL slow log has no bind parameters: the
 * values are in the statement).
 */
final class ShapeCatalogue {
  private static final double ZIPF_EXPONENT = 1.1;

  private final SqlFlavour flavour;
  private final List<QueryShape> shapes = new ArrayList<>();
  private int zipfRank;

  final QueryShape begin;
  final QueryShape commit;
  final QueryShape rollback;
  private final QueryShape[] inTransaction;
  private final QueryShape[] reportingShapes;
  private final QueryShape[] pickable;
  private final double[] cumulativeWeights;
  /** The most frequent single-line shape: used when a day's line budget has room for one line only. */
  final QueryShape oneLineFallback;

  static ShapeCatalogue postgres() {
    return new ShapeCatalogue(SqlFlavour.POSTGRESQL);
  }

  static ShapeCatalogue mysql() {
    return new ShapeCatalogue(SqlFlavour.MYSQL);
  }

  private ShapeCatalogue(SqlFlavour flavour) {
    this.flavour = flavour;
    begin = control("begin", 0.02, "BEGIN");
    commit = control("commit", 0.6, "COMMIT");
    rollback = control("rollback", 0.05, "ROLLBACK");
    shapes();

    List<QueryShape> tx = new ArrayList<>();
    List<QueryShape> reports = new ArrayList<>();
    List<QueryShape> weighted = new ArrayList<>();
    for (QueryShape shape : shapes) {
      if (shape.role == Role.TRANSACTION_CONTROL) {
        continue;
      }
      weighted.add(shape);
      if (shape.role == Role.IN_TRANSACTION) {
        tx.add(shape);
      }
      if (shape.reporting) {
        reports.add(shape);
      }
    }
    inTransaction = tx.toArray(new QueryShape[0]);
    reportingShapes = reports.toArray(new QueryShape[0]);
    pickable = weighted.toArray(new QueryShape[0]);
    cumulativeWeights = new double[pickable.length];
    double sum = 0;
    for (int i = 0; i < pickable.length; i++) {
      sum += pickable[i].weight;
      cumulativeWeights[i] = sum;
    }
    for (int i = 0; i < cumulativeWeights.length; i++) {
      cumulativeWeights[i] /= sum;
    }
    oneLineFallback = pickable[0];
  }

  /** The workload, one shape per call, in Zipf order; where the two servers' SQL differs, {@link #sql} picks. */
  private void shapes() {
    oltp("health check", 0.02, 0.4, "SELECT {=1}");
    oltp("customer by id", 0.06, 0.5, "SELECT * FROM customers WHERE id = {cust}");
    oltp("product by id", 0.05, 0.5, "SELECT id, name, price, stock FROM products WHERE id = {id}");
    oltp("touch session", 0.08, 0.6, "UPDATE sessions SET last_seen = now() WHERE token = {uuid}");
    oltp("recent orders of customer", 0.4, 0.8,
        "SELECT o.id, o.status, o.total FROM orders o WHERE o.customer_id = {cust} ORDER BY o.created_at DESC LIMIT {limit}");
    extended("customer login", 0.12, 0.6, "SELECT id, email, password_hash FROM customers WHERE email = $1",
        "SELECT id, email, password_hash FROM customers WHERE email = {email}", Literal.EMAIL);
    oltp("products in list", 0.3, 0.9, "SELECT p.id, p.name, p.price FROM products p WHERE p.id IN {ids}");
    inTx("insert order item", 0.15, 0.7,
        "INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES ({id}, {id}, {qty}, {price})");
    inTx("decrement stock", 0.2, 1.0,
        "UPDATE products SET stock = stock - {qty} WHERE id = {id} AND stock >= {qty}");
    oltp("cart size", 0.09, 0.6, "SELECT count(*) FROM cart_items WHERE cart_id = {id}");
    inTx("insert order", 0.25, 0.8, sql(
        "INSERT INTO orders (customer_id, status, total, created_at) VALUES ({cust}, {status}, {price}, {ts}) RETURNING id",
        "INSERT INTO orders (customer_id, status, total, created_at) VALUES ({cust}, {status}, {price}, {ts})"));
    extended("account balance", 0.07, 0.5, "SELECT balance FROM accounts WHERE id = $1 FOR UPDATE",
        "SELECT balance FROM accounts WHERE id = {cust} FOR UPDATE", Literal.CUSTOMER);
    oltp("order with customer", 0.18, 0.7,
        "SELECT o.id, o.total, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = {id}");
    oltp("customer by email", 0.1, 0.6, "SELECT c.id, c.name, c.email FROM customers c WHERE c.email = {email}");
    inTx("update order status", 0.2, 0.9, "UPDATE orders SET status = {status}, updated_at = now() WHERE id = {id}");
    oltp("order lines with products", 0.35, 0.8,
        "SELECT oi.product_id, oi.quantity, p.name FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = {id}");
    inTx("audit entry", 0.12, 0.7,
        "INSERT INTO audit_log (actor_id, action, entity, entity_id, note) VALUES ({cust}, {action}, {='order'}, {id}, {note})");
    extended("page view", 0.1, 0.7,
        "INSERT INTO page_views (session_id, path, referrer, viewed_at) VALUES ($1, $2, $3, $4)",
        "INSERT INTO page_views (session_id, path, referrer, viewed_at) VALUES ({uuid}, {path}, {referrer}, {ts})",
        Literal.UUID, Literal.PATH, Literal.REFERRER, Literal.TIMESTAMP);
    inTx("delete cart item", 0.11, 0.6, "DELETE FROM cart_items WHERE cart_id = {id} AND product_id = {id}");
    inTx("lock inventory", 0.4, 1.1, "SELECT * FROM inventory WHERE sku IN {skus} FOR UPDATE");
    oltp("products by category and price", 1.2, 0.9,
        "SELECT id FROM products WHERE category_id = {small} AND price BETWEEN {price} AND {price} ORDER BY price LIMIT {limit}");
    inTx("rename customer", 0.15, 0.7, "UPDATE customers SET name = {name}, updated_at = now() WHERE id = {cust}");
    extended("credit account", 0.2, 0.9, "UPDATE accounts SET balance = balance + $1 WHERE id = $2",
        "UPDATE accounts SET balance = balance + {price} WHERE id = {cust}", Literal.PRICE, Literal.CUSTOMER);
    oltp("product search", 6.0, 1.0, sql("SELECT p.* FROM products p WHERE p.name ILIKE {pattern} LIMIT {=50}",
        "SELECT p.* FROM products p WHERE p.name LIKE {pattern} LIMIT {=50}"));
    inTx("insert payment", 0.2, 0.7,
        "INSERT INTO payments (order_id, amount, method, status) VALUES ({id}, {price}, {method}, {='authorized'})");
    inTx("capture payment", 0.18, 0.8,
        "UPDATE payments SET status = {='captured'}, captured_at = now() WHERE order_id = {id}");
    oltp("shipments of customer orders", 0.9, 1.0,
        "SELECT s.id FROM shipments s WHERE s.order_id IN (SELECT id FROM orders WHERE customer_id = {cust} AND status = {status})");
    oltp("default address", 0.07, 0.6,
        "SELECT a.street, a.city, a.zip FROM addresses a WHERE a.customer_id = {cust} AND a.is_default");
    inTx("upsert cart item", 0.16, 0.8, "INSERT INTO cart_items (cart_id, product_id, quantity) VALUES ({id}, {id}, {qty}) "
        + sql("ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity",
            "ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)"));
    oltp("product reviews page", 0.8, 0.9,
        "SELECT r.rating, r.body FROM reviews r WHERE r.product_id = {id} ORDER BY r.created_at DESC LIMIT {limit} OFFSET {offset}");
    inTx("reserve stock", 0.15, 1.2, "UPDATE inventory SET reserved = reserved + {qty} WHERE sku = {sku}");
    oltp("coupon valid", 0.05, 0.5,
        "SELECT exists(SELECT {=1} FROM coupons WHERE code = {coupon} AND valid_until >= {date})");
    oltp("recent buyers", 4.0, 0.9, """
        WITH recent AS (
          SELECT customer_id, max(created_at) AS last_order
          FROM orders
          WHERE created_at >= {date}
          GROUP BY customer_id
        )
        SELECT c.id, c.email, r.last_order
        FROM customers c
        JOIN recent r ON r.customer_id = c.id
        WHERE c.id IN {ids}""");
    oltp("orders to process", 2.5, 0.8,
        "SELECT id, status FROM orders WHERE status IN {statuses} AND created_at < {ts} ORDER BY created_at LIMIT {=100}");
    oltp("track event", 0.1, 0.6,
        "INSERT INTO events (session_id, kind, payload, created_at) VALUES ({uuid}, {event}, {json}, now())");
    oltp("wishlist", 0.09, 0.6, "SELECT w.product_id FROM wishlists w WHERE w.customer_id = {cust}");
    oltp("dismiss notifications", 0.3, 0.8, "DELETE FROM notifications WHERE customer_id = {cust} AND id IN {ids}");
    extended("products of category", 0.6, 0.8,
        "SELECT p.id, p.name FROM products p WHERE p.category_id = $1 AND p.active ORDER BY p.popularity DESC LIMIT $2",
        "SELECT p.id, p.name FROM products p WHERE p.category_id = {small} AND p.active ORDER BY p.popularity DESC "
            + "LIMIT {limit}", Literal.SMALL, Literal.LIMIT);
    oltp("expire sessions", 25.0, 0.7, "DELETE FROM sessions WHERE last_seen < {ts}");
    oltp("order summary", 1.5, 0.9, """
        SELECT o.id,
               o.status,
               sum(oi.quantity * oi.unit_price) AS total
        FROM orders o
        JOIN order_items oi ON oi.order_id = o.id
        WHERE o.customer_id = {cust}
        GROUP BY o.id, o.status""");
    oltp("open carts", 3.0, 0.8,
        "SELECT c.id FROM carts c WHERE c.updated_at < {ts} AND NOT EXISTS (SELECT {=1} FROM orders o WHERE o.cart_id = c.id)");

    report("daily revenue", 1500, 0.5, """
        SELECT %s AS day,
               count(*) AS orders,
               sum(o.total) AS revenue
        FROM orders o
        WHERE o.created_at BETWEEN {date} AND {date}
        GROUP BY {=1}
        ORDER BY {=1}""".formatted(sql("date_trunc({='day'}, o.created_at)", "DATE(o.created_at)")), 40);
    report("revenue by category", 3200, 0.5,
        "SELECT p.category_id, sum(oi.quantity * oi.unit_price) AS revenue FROM order_items oi "
            + "JOIN products p ON p.id = oi.product_id JOIN orders o ON o.id = oi.order_id "
            + "WHERE o.created_at >= {date} GROUP BY p.category_id ORDER BY revenue DESC", 25);
    report("customer cohorts", 8000, 0.6, """
        WITH first_orders AS (
          SELECT customer_id, min(created_at) AS first_at
          FROM orders
          GROUP BY customer_id
        ), cohorts AS (
          SELECT %s AS cohort, customer_id
          FROM first_orders
          WHERE first_at >= {date}
        )
        SELECT cohort, count(DISTINCT c.customer_id) AS customers, sum(o.total) AS revenue
        FROM cohorts c
        JOIN orders o ON o.customer_id = c.customer_id
        GROUP BY cohort
        ORDER BY cohort""".formatted(sql("date_trunc({='month'}, first_at)", "DATE_FORMAT(first_at, {='%Y-%m-01'})")),
        8);
    report("top spenders", 4500, 0.5,
        "SELECT c.id, c.name, count(o.id) AS n, sum(o.total) AS spent FROM customers c "
            + "LEFT JOIN orders o ON o.customer_id = c.id AND o.status <> {='cancelled'} GROUP BY c.id, c.name "
            + "HAVING sum(o.total) > {price} ORDER BY spent DESC LIMIT {=100}", 15);
    report("event counts", 900, 0.6,
        "SELECT count(*) FROM events WHERE created_at >= {ts} AND kind = {event}", 60);
    report("notes search", 2500, 0.7,
        "SELECT * FROM orders WHERE lower(notes) LIKE {pattern} ORDER BY created_at DESC", 20);
    report("delivery times", 1800, 0.5,
        "SELECT s.carrier, avg(" + sql("extract(epoch FROM s.delivered_at - s.shipped_at)",
            "TIMESTAMPDIFF(SECOND, s.shipped_at, s.delivered_at)") + ") / {=3600} AS hours FROM shipments s "
            + "WHERE s.shipped_at >= {date} AND s.delivered_at IS NOT NULL GROUP BY s.carrier", 20);
    report("purge old events", 1200, 0.8, "DELETE FROM events WHERE created_at < {date}", 10);
    report("refresh popularity", 6000, 0.4, sql(
        "UPDATE products SET popularity = sub.n FROM (SELECT product_id, count(*) AS n FROM order_items "
            + "GROUP BY product_id) sub WHERE sub.product_id = products.id",
        "UPDATE products p JOIN (SELECT product_id, count(*) AS n FROM order_items GROUP BY product_id) sub "
            + "ON sub.product_id = p.id SET p.popularity = sub.n"), 5);
    }

  List<QueryShape> all() {
    return shapes;
  }

  QueryShape byName(String name) {
    for (QueryShape shape : shapes) {
      if (shape.name.equals(name)) {
        return shape;
      }
    }
    throw new IllegalArgumentException("no shape named " + name);
  }

  int size() {
    return shapes.size();
  }

  /** Any non-control shape, by weight. */
  QueryShape pick(SplittableRandom random) {
    double u = random.nextDouble();
    int lo = 0;
    int hi = cumulativeWeights.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulativeWeights[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return pickable[lo];
  }

  QueryShape pickInTransaction(SplittableRandom random) {
    return inTransaction[random.nextInt(inTransaction.length)];
  }

  QueryShape pickReporting(SplittableRandom random) {
    return reportingShapes[random.nextInt(reportingShapes.length)];
  }

  private String nextId() {
    return String.format("q%02d", shapes.size() + 1);
  }

  private double nextZipfWeight() {
    return 1.0 / Math.pow(++zipfRank, ZIPF_EXPONENT);
  }

  private QueryShape add(QueryShape shape) {
    shapes.add(shape);
    return shape;
  }

  private QueryShape control(String name, double medianMs, String text) {
    return add(new QueryShape(flavour, shapes.size(), nextId(), name, Protocol.SIMPLE, Role.TRANSACTION_CONTROL, false, 0, medianMs, 0.6,
        text, new Literal[0]));
  }

  private void oltp(String name, double medianMs, double sigma, String text) {
    add(new QueryShape(flavour, shapes.size(), nextId(), name, Protocol.SIMPLE, Role.STANDALONE, false, nextZipfWeight(), medianMs, sigma,
        text, new Literal[0]));
  }

  private void inTx(String name, double medianMs, double sigma, String text) {
    add(new QueryShape(flavour, shapes.size(), nextId(), name, Protocol.SIMPLE, Role.IN_TRANSACTION, false, nextZipfWeight(), medianMs, sigma,
        text, new Literal[0]));
  }

  /**
   * A statement sent with bind parameters: PostgreSQL logs {@code $n} and the values apart; MySQL's slow
   * log has the values in the text ({@code mysqlText}, with literal slots).
   */
  private void extended(String name, double medianMs, double sigma, String text, String mysqlText,
      Literal... parameters) {
    if (flavour == SqlFlavour.MYSQL) {
      oltp(name, medianMs, sigma, mysqlText);
      return;
    }
    add(new QueryShape(flavour, shapes.size(), nextId(), name, Protocol.EXTENDED, Role.STANDALONE, false, nextZipfWeight(), medianMs, sigma,
        text, parameters));
  }

  /** The text in this catalogue's SQL: PostgreSQL's or MySQL's. */
  private String sql(String postgresql, String mysql) {
    return flavour == SqlFlavour.MYSQL ? mysql : postgresql;
  }

  /** Weight in units of 1/40000 of the hottest shape: reporting runs rarely but costs seconds. */
  private void report(String name, double medianMs, double sigma, String text, int weight) {
    add(new QueryShape(flavour, shapes.size(), nextId(), name, Protocol.SIMPLE, Role.STANDALONE, true, weight / 40_000.0,
        medianMs, sigma, text, new Literal[0]));
  }
}
