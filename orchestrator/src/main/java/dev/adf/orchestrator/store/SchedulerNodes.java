package dev.adf.orchestrator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The leases of the schedulers ({@code adf run} processes) that share one database: table {@code
 * scheduler_node}. Every time in a lease comes from the database's clock ({@code CURRENT_TIMESTAMP}),
 * never from a node's, so skew between machines plays no part in who is alive (the lesson of Quartz's
 * check-in, which compares one node's clock against another's).
 *
 * <p>A node's id is its fencing token: an identity, so a scheduler started later always has a higher
 * one. Adopting a node moves its active windows (and their InProgress attempts) to the adopter in the
 * same transaction that marks it Adopted; from then on every write the adopted node makes to them is
 * refused by the store (they are conditional on {@code owner_node}), and its lease cannot be renewed.
 */
public final class SchedulerNodes {
  /**
   * The active states ({@code WindowState#isActive}), the only ones whose windows have an owner: each a lookup on
   * the {@code (status, substatus)} index, so the windows a scheduler owns are found without an index on
   * {@code owner_node}, which every claim and every end would have to change (V13, docs/BENCHMARKS.md issue 15).
   * Two conditions, not one with OR: H2 scans the whole index for an OR.
   */
  private static final String[] ACTIVE =
      {"status = 'InProgress'", "status = 'Waiting' AND substatus = 'ComputeResources'"};

  private final DataSource ds;
  private final Database.Dialect dialect;

  public SchedulerNodes(DataSource ds, Database.Dialect dialect) {
    this.ds = ds;
    this.dialect = dialect;
  }

  /**
   * A scheduler's lease row.
   *
   * @param id the fencing token (higher for every later start)
   * @param host the machine's host name
   * @param pid the process id on that machine
   * @param engineRoot the absolute work folder of its embedded engine
   * @param startedAt when it registered (database clock, UTC)
   * @param heartbeatAt its last renewal (database clock, UTC)
   * @param leaseUntil its lease ends then unless renewed (database clock, UTC)
   * @param state Live, Stopped or Adopted
   * @param adoptedBy the node that adopted it, or null
   * @param ownedWindows how many active windows it owns now
   */
  public record Node(long id, String host, long pid, String engineRoot, Instant startedAt, Instant heartbeatAt,
      Instant leaseUntil, String state, Long adoptedBy, int ownedWindows) {
    /** "host pid N (scheduler #id)": how a user finds the process. */
    public String label() {
      return host + " pid " + pid + " (scheduler #" + id + ")";
    }
  }

  /** The outcome of an adoption: the node adopted and the windows now owned by the adopter. */
  public record Adoption(Node node, List<WindowKey> windows) {}

  /**
   * Registers a new scheduler with a lease of {@code lease} from now (database clock).
   *
   * @return its row (with its new id)
   * @throws StoreException when the database fails
   */
  public Node register(String host, long pid, String engineRoot, Duration lease) {
    String until = plusMillis();
    String insert = "INSERT INTO scheduler_node (host, pid, engine_root, started_at, heartbeat_at, lease_until, state)"
        + " VALUES (?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, " + until + ", 'Live')";
    String sql = dialect == Database.Dialect.POSTGRESQL ? insert + " RETURNING id" : "SELECT id FROM FINAL TABLE (" + insert + ")";
    long id;
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, host);
      ps.setLong(2, pid);
      ps.setString(3, engineRoot);
      ps.setLong(4, lease.toMillis());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        id = rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot register the scheduler: " + e.getMessage(), e);
    }
    return node(id).orElseThrow();
  }

  /**
   * Renews a Live node's lease to {@code lease} from now (database clock).
   *
   * @return true when renewed; false when the node is no longer Live (it was adopted or stopped): it
   *     must fence itself at once
   * @throws StoreException when the database fails (the caller retries; the lease runs on meanwhile)
   */
  public boolean renew(long id, Duration lease) {
    String sql = "UPDATE scheduler_node SET heartbeat_at = CURRENT_TIMESTAMP, lease_until = " + plusMillis()
        + " WHERE id = ? AND state = 'Live'";
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, lease.toMillis());
      ps.setLong(2, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("cannot renew the lease of scheduler #" + id + ": " + e.getMessage(), e);
    }
  }

  /** Marks a node Stopped (it ended cleanly, its attempts recorded). */
  public void stop(long id) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE scheduler_node SET state = 'Stopped', ended_at = CURRENT_TIMESTAMP WHERE id = ? AND state = 'Live'")) {
      ps.setLong(1, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot record that scheduler #" + id + " stopped: " + e.getMessage(), e);
    }
  }

  /** Live nodes whose lease has ended by the database's clock, oldest first (candidates for adoption). */
  public List<Node> expired() {
    return query("WHERE n.state = 'Live' AND n.lease_until < CURRENT_TIMESTAMP", null);
  }

  /** The Live nodes (leases not necessarily current), oldest first. */
  public List<Node> live() {
    return query("WHERE n.state = 'Live'", null);
  }

  /** Every node ever registered, oldest first. */
  public List<Node> all() {
    return query("", null);
  }

  public Optional<Node> node(long id) {
    return query("WHERE n.id = ?", id).stream().findFirst();
  }

  /**
   * Adopts a Live node: in one transaction it becomes Adopted by {@code adopter}, and its active windows
   * and InProgress attempts are owned by the adopter (each window's row version goes up).
   *
   * @param expiredOnly adopt only when its lease has ended by the database's clock; false when the
   *     caller knows it is dead otherwise (it held the same home's run lock)
   * @return the adoption, or empty when the node was not Live (someone adopted it first), its lease
   *     still runs ({@code expiredOnly}), or it is the adopter itself
   * @throws StoreException when the database fails (then nothing changed)
   */
  public Optional<Adoption> adopt(long dead, long adopter, boolean expiredOnly) {
    if (dead == adopter) {
      return Optional.empty();
    }
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        int n;
        try (PreparedStatement ps = c.prepareStatement("UPDATE scheduler_node SET state = 'Adopted', adopted_by = ?,"
            + " ended_at = CURRENT_TIMESTAMP WHERE id = ? AND state = 'Live'"
            + (expiredOnly ? " AND lease_until < CURRENT_TIMESTAMP" : ""))) {
          ps.setLong(1, adopter);
          ps.setLong(2, dead);
          n = ps.executeUpdate();
        }
        if (n != 1) {
          c.rollback();
          return Optional.empty();
        }
        List<WindowKey> keys = owned(c, dead, " FOR UPDATE");
        for (String active : ACTIVE) {
          try (PreparedStatement ps = c.prepareStatement("UPDATE activity_window SET owner_node = ?,"
              + " row_version = row_version + 1 WHERE " + active + " AND owner_node = ?")) {
            ps.setLong(1, adopter);
            ps.setLong(2, dead);
            ps.executeUpdate();
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE attempt SET node_id = ? WHERE node_id = ? AND status = 'InProgress'")) {
          ps.setLong(1, adopter);
          ps.setLong(2, dead);
          ps.executeUpdate();
        }
        c.commit();
        Node node = node(dead).orElseThrow();
        return Optional.of(new Adoption(node, keys));
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot adopt scheduler #" + dead + ": " + e.getMessage(), e);
    }
  }

  /**
   * Takes every active window that {@code adopter} does not own, with its InProgress attempt: those no
   * scheduler owns (left InProgress by an orchestrator from before scheduler leases, or by hand) and
   * those of any earlier scheduler, Live or not (one that stopped, cleanly or not, while it could not
   * record an end: a Stopped scheduler is adopted by nobody, so its windows stayed InProgress for good).
   * For the embedded store only, whose one scheduler holds the home's run lock, so that every other
   * scheduler of the home is gone. Running it again takes nothing more.
   *
   * @return the windows taken
   */
  public List<WindowKey> adoptUnowned(long adopter) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<WindowKey> keys = new ArrayList<>();
        String active = "(owner_node IS NULL OR owner_node <> ?) AND (status = 'InProgress' OR substatus = 'ComputeResources')";
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT pipeline, activity, window_start FROM activity_window WHERE " + active)) {
          ps.setLong(1, adopter);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              keys.add(new WindowKey(rs.getString(1), rs.getString(2),
                  rs.getObject(3, java.time.OffsetDateTime.class).toInstant()));
            }
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE activity_window SET owner_node = ?, row_version = row_version + 1 WHERE " + active)) {
          ps.setLong(1, adopter);
          ps.setLong(2, adopter);
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE attempt SET node_id = ? WHERE (node_id IS NULL OR node_id <> ?) AND status = 'InProgress'")) {
          ps.setLong(1, adopter);
          ps.setLong(2, adopter);
          ps.executeUpdate();
        }
        c.commit();
        return keys;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot take the unowned active windows: " + e.getMessage(), e);
    }
  }

  /** The active windows a node owns, oldest first. */
  public List<WindowKey> owned(long node) {
    return Transactions.read(ds, c -> {
      List<WindowKey> keys = new ArrayList<>(owned(c, node, ""));
      keys.sort(java.util.Comparator.comparing(WindowKey::windowStart));
      return keys;
    });
  }

  /** On {@code c}: the windows {@code node} owns, one {@link #ACTIVE} state after the other, each read with {@code lock}. */
  private static List<WindowKey> owned(Connection c, long node, String lock) throws SQLException {
    List<WindowKey> keys = new ArrayList<>();
    for (String active : ACTIVE) {
      try (PreparedStatement ps = c.prepareStatement("SELECT pipeline, activity, window_start FROM activity_window"
          + " WHERE " + active + " AND owner_node = ?" + lock)) {
        ps.setLong(1, node);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            keys.add(new WindowKey(rs.getString(1), rs.getString(2),
                rs.getObject(3, java.time.OffsetDateTime.class).toInstant()));
          }
        }
      }
    }
    return keys;
  }

  /** The database's clock now (UTC). */
  public Instant databaseNow() {
    return Transactions.read(ds, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
      }
    });
  }

  private List<Node> query(String where, Long id) {
    String sql = "SELECT n.id, n.host, n.pid, n.engine_root, n.started_at, n.heartbeat_at, n.lease_until, n.state,"
        + " n.adopted_by, (SELECT COUNT(*) FROM activity_window w WHERE " + ACTIVE[0] + " AND w.owner_node = n.id)"
        + " + (SELECT COUNT(*) FROM activity_window w WHERE " + ACTIVE[1] + " AND w.owner_node = n.id)"
        + " FROM scheduler_node n " + where + " ORDER BY n.id";
    return Transactions.read(ds, c -> {
      List<Node> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        if (id != null) {
          ps.setLong(1, id);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long adoptedBy = rs.getLong(9);
            out.add(new Node(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), instant(rs, 5),
                instant(rs, 6), instant(rs, 7), rs.getString(8), rs.wasNull() ? null : adoptedBy, rs.getInt(10)));
          }
        }
      }
      return out;
    });
  }

  private static Instant instant(ResultSet rs, int col) throws SQLException {
    var t = rs.getObject(col, java.time.OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** SQL for "CURRENT_TIMESTAMP plus ? milliseconds" in the database's clock. */
  private String plusMillis() {
    return dialect == Database.Dialect.POSTGRESQL
        ? "CURRENT_TIMESTAMP + (? * INTERVAL '1 millisecond')"
        : "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)";
  }
}
