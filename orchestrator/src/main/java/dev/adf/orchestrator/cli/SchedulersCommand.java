package dev.adf.orchestrator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.store.SchedulerNodes.Node;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adf schedulers}: the {@code adf run} processes on this store, with their leases. */
@Command(name = "schedulers", description = "List the schedulers (adf run processes) on this store and their leases.")
final class SchedulersCommand implements Callable<Integer> {
  @Mixin HomeOption home;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--all", description = "also the schedulers that stopped or were adopted")
  boolean all;

  @Option(names = "--format", defaultValue = "table",
      description = "table or json (default ${DEFAULT-VALUE}): json prints an array of {id, host, pid, engineRoot,"
          + " started, lastHeartbeat, leaseUntil, state, adoptedBy, windows, leaseCurrent}; times are the"
          + " database's clock, ISO-8601 UTC.")
  WindowsCommand.Format format;

  @Override
  public Integer call() {
    try (Orchestrator o = home.open()) {
      var schedulers = o.schedulers();
      List<Node> nodes = all ? schedulers.all() : schedulers.live();
      java.time.Instant now = schedulers.databaseNow();
      PrintWriter out = spec.commandLine().getOut();
      if (format == WindowsCommand.Format.json) {
        ObjectMapper m = new ObjectMapper();
        ArrayNode a = m.createArrayNode();
        for (Node n : nodes) {
          ObjectNode j = a.addObject();
          j.put("id", n.id());
          j.put("host", n.host());
          j.put("pid", n.pid());
          j.put("engineRoot", n.engineRoot());
          j.put("started", n.startedAt().toString());
          j.put("lastHeartbeat", n.heartbeatAt().toString());
          j.put("leaseUntil", n.leaseUntil().toString());
          j.put("state", n.state());
          if (n.adoptedBy() == null) {
            j.putNull("adoptedBy");
          } else {
            j.put("adoptedBy", n.adoptedBy());
          }
          j.put("windows", n.ownedWindows());
          j.put("leaseCurrent", n.state().equals("Live") && n.leaseUntil().isAfter(now));
        }
        out.println(a.toPrettyString());
        out.flush();
        return ExitCodes.OK;
      }
      if (nodes.isEmpty()) {
        out.println(all ? "No scheduler has run on this store." : "No scheduler runs on this store (start one with adf run).");
        out.flush();
        return ExitCodes.OK;
      }
      Tables.print(out, List.of("ID", "HOST", "PID", "STARTED", "LAST HEARTBEAT", "LEASE", "STATE", "WINDOWS"),
          nodes.stream().map(n -> List.of(String.valueOf(n.id()), n.host(), String.valueOf(n.pid()),
              Tables.time(n.startedAt()), Tables.time(n.heartbeatAt()),
              !n.state().equals("Live") ? "-" : n.leaseUntil().isAfter(now)
                  ? "until " + Tables.time(n.leaseUntil()) : "ENDED " + Tables.time(n.leaseUntil()) + " (adoptable)",
              n.adoptedBy() == null ? n.state() : n.state() + " by #" + n.adoptedBy(),
              String.valueOf(n.ownedWindows()))).toList());
      out.flush();
      return ExitCodes.OK;
    }
  }
}
