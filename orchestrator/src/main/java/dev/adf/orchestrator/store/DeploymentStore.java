package dev.adf.orchestrator.store;

import static dev.adf.orchestrator.store.StoreSql.*;

import dev.adf.orchestrator.failpoint.Failpoints;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.store.Store.DeployOutcome;
import dev.adf.orchestrator.store.Store.WindowChanges;
import dev.adf.orchestrator.store.Store.WindowSpan;
import dev.adf.orchestrator.window.TimeWindow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The deployments of {@link JdbcStore}: versioned entities ({@code deployment}, {@code entity_version},
 * {@code deployed_entity}) and a deploy's (or plan's) reconciliation of the window layout, which it
 * leaves to {@link WindowStore#reconcile} in the same transaction.
 */
final class DeploymentStore {
  private final DataSource ds;

  DeploymentStore(DataSource ds) {
    this.ds = ds;
  }

  DeployOutcome deploy(List<StoredEntity> entities, Map<ActivityRef, ? extends Iterable<TimeWindow>> windows,
      String source, Instant at) {
    return tx(c -> {
      DeployOutcome o = deploy(c, entities, windows, source, at, true);
      Failpoints.hit(Failpoints.DEPLOY_COMMIT);
      return o;
    });
  }

  /** Runs {@link #deploy}'s very code in a transaction that is always rolled back. */
  DeployOutcome plan(List<StoredEntity> entities, Map<ActivityRef, ? extends Iterable<TimeWindow>> windows,
      String source, Instant at) {
    return rolledBack(c -> deploy(c, entities, windows, source, at, false));
  }

  private static DeployOutcome deploy(Connection c, List<StoredEntity> entities,
      Map<ActivityRef, ? extends Iterable<TimeWindow>> windows, String source, Instant at, boolean deploying)
      throws SQLException {
    Map<String, StoredEntity> current = new java.util.LinkedHashMap<>(); // in deployedEntities' order
    for (StoredEntity e : deployedEntities(c)) {
      current.put(e.kind() + "/" + key(e.name()), e);
    }
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<StoredEntity> toInsert = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (StoredEntity e : entities) {
      String k = e.kind() + "/" + key(e.name());
      seen.add(k);
      StoredEntity old = current.get(k);
      if (old == null) {
        added.add(e.kind() + " " + e.name());
        toInsert.add(e);
      } else if (!old.sha256().equals(e.sha256())) {
        changed.add(e.kind() + " " + e.name());
        toInsert.add(e);
      }
    }
    for (var old : current.entrySet()) {
      if (!seen.contains(old.getKey())) {
        removed.add(old.getValue().kind() + " " + old.getValue().name());
      }
    }
    int deployment = 0;
    if (!toInsert.isEmpty() || !removed.isEmpty()) {
      deployment = nextDeployment(c);
      try (var ps = c.prepareStatement(
          "INSERT INTO deployment (id, deployed_at, source, summary) VALUES (?, ?, ?, ?)")) {
        ps.setInt(1, deployment);
        ps.setObject(2, ts(at));
        ps.setString(3, truncate(source));
        ps.setString(4, truncate("added " + added + ", changed " + changed + ", removed " + removed));
        ps.executeUpdate();
      }
      for (StoredEntity e : toInsert) {
        int version = nextVersion(c, e.kind(), key(e.name()));
        try (var ps = c.prepareStatement(
            "INSERT INTO entity_version (kind, name_key, version, name, file_name, json, sha256, deployment)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, e.kind());
          ps.setString(2, key(e.name()));
          ps.setInt(3, version);
          ps.setString(4, e.name());
          ps.setString(5, e.fileName());
          ps.setString(6, e.json());
          ps.setString(7, e.sha256());
          ps.setInt(8, deployment);
          ps.executeUpdate();
        }
        update(c, "DELETE FROM deployed_entity WHERE kind = ? AND name_key = ?", e.kind(), key(e.name()));
        try (var ps = c.prepareStatement(
            "INSERT INTO deployed_entity (kind, name_key, version) VALUES (?, ?, ?)")) {
          ps.setString(1, e.kind());
          ps.setString(2, key(e.name()));
          ps.setInt(3, version);
          ps.executeUpdate();
        }
      }
      for (var old : current.entrySet()) {
        if (!seen.contains(old.getKey())) {
          update(c, "DELETE FROM deployed_entity WHERE kind = ? AND name_key = ?",
              old.getValue().kind(), key(old.getValue().name()));
        }
      }
    }
    Map<ActivityRef, WindowSpan> created = new HashMap<>();
    Map<ActivityRef, WindowSpan> dropped = new HashMap<>();
    Set<ActivityRef> existing = new HashSet<>();
    try (var ps = c.prepareStatement("SELECT DISTINCT pipeline, activity FROM activity_window");
        var rs = ps.executeQuery()) {
      while (rs.next()) {
        existing.add(new ActivityRef(rs.getString(1), rs.getString(2)));
      }
    }
    for (ActivityRef ref : existing) {
      if (!windows.containsKey(ref)) {
        // A window a concurrent scheduling pass lays out between the count and the delete (a rare race
        // at the layout horizon) is deleted too but not counted.
        WindowStore.dropRange(c, ref, null, null, dropped);
      }
    }
    boolean first = true;
    for (var entry : windows.entrySet()) {
      WindowStore.reconcile(c, entry.getKey(), entry.getValue(), true, at, created, dropped);
      if (first && deploying) {
        Failpoints.hit(Failpoints.DEPLOY_WINDOWS); // one activity's windows written, the others' not yet
      }
      first = false;
    }
    return new DeployOutcome(deployment, added, changed, removed, windowChanges(created, dropped));
  }

  /** Per activity with any change, sorted by pipeline then activity. */
  private static List<WindowChanges> windowChanges(
      Map<ActivityRef, WindowSpan> created, Map<ActivityRef, WindowSpan> dropped) {
    Set<ActivityRef> refs = new java.util.TreeSet<>(
        java.util.Comparator.comparing(ActivityRef::pipeline).thenComparing(ActivityRef::activity));
    refs.addAll(created.keySet());
    refs.addAll(dropped.keySet());
    List<WindowChanges> out = new ArrayList<>();
    for (ActivityRef ref : refs) {
      out.add(new WindowChanges(ref, created.getOrDefault(ref, WindowSpan.NONE),
          dropped.getOrDefault(ref, WindowSpan.NONE)));
    }
    return out;
  }

  List<StoredEntity> deployedEntities() {
    return Transactions.read(ds, DeploymentStore::deployedEntities);
  }

  int resealVersions(java.util.function.Function<String, java.util.Optional<String>> reseal) {
    return tx(c -> {
      record Row(String kind, String nameKey, int version, String json) {}
      List<Row> rows = new ArrayList<>();
      // Only versions without a marker that could hold a secret are read (and parsed by the caller).
      List<String> fragments = dev.adf.orchestrator.validation.Secrets.fragments();
      String any = String.join(" OR ", java.util.Collections.nCopies(fragments.size(), "LOWER(json) LIKE ?"));
      try (var ps = c.prepareStatement("SELECT kind, name_key, version, json FROM entity_version"
              + " WHERE json NOT LIKE ? AND (" + any + ") ORDER BY kind, name_key, version")) {
        ps.setString(1, "%\"$secret\"%");
        for (int i = 0; i < fragments.size(); i++) {
          ps.setString(i + 2, "%" + fragments.get(i).replace("_", "\\_").replace("%", "\\%") + "%");
        }
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
          }
        }
      }
      int n = 0;
      for (Row r : rows) {
        var sealed = reseal.apply(r.json());
        if (sealed.isEmpty()) {
          continue;
        }
        try (var ps = c.prepareStatement(
            "UPDATE entity_version SET json = ?, sha256 = ? WHERE kind = ? AND name_key = ? AND version = ?")) {
          ps.setString(1, sealed.get());
          ps.setString(2, sha256(sealed.get()));
          ps.setString(3, r.kind());
          ps.setString(4, r.nameKey());
          ps.setInt(5, r.version());
          n += ps.executeUpdate();
        }
      }
      return n;
    });
  }

  /** Hex SHA-256 of the text's UTF-8 bytes (the {@code sha256} column). */
  static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  List<String> deployedVersions() {
    return Transactions.read(ds, c -> {
      List<String> out = new ArrayList<>();
      try (var ps = c.prepareStatement(
              "SELECT kind, name_key, version FROM deployed_entity ORDER BY kind, name_key");
          var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getInt(3));
        }
      }
      return out;
    });
  }

  static List<StoredEntity> deployedEntities(Connection c) throws SQLException {
    List<StoredEntity> out = new ArrayList<>();
    try (var ps = c.prepareStatement(
            "SELECT v.kind, v.name, v.version, v.file_name, v.json, v.sha256 FROM deployed_entity d"
                + " JOIN entity_version v ON v.kind = d.kind AND v.name_key = d.name_key AND v.version = d.version"
                + " ORDER BY v.kind, v.name_key");
        var rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new StoredEntity(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
            rs.getString(5), rs.getString(6)));
      }
    }
    return out;
  }

  private static int nextDeployment(Connection c) throws SQLException {
    try (var ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM deployment");
        var rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int nextVersion(Connection c, String kind, String nameKey) throws SQLException {
    try (var ps = c.prepareStatement(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM entity_version WHERE kind = ? AND name_key = ?")) {
      ps.setString(1, kind);
      ps.setString(2, nameKey);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private <T> T tx(Transactions.Work<T> work) {
    return Transactions.run(ds, work);
  }

  private <T> T rolledBack(Transactions.Work<T> work) {
    return Transactions.rolledBack(ds, work);
  }
}
