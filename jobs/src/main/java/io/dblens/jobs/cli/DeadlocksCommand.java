package io.dblens.jobs.cli;

import io.dblens.common.Sessions;
import io.dblens.common.Warehouse;
import io.dblens.jobs.locks.DeadlockGraphFiles;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deadlocks}: the wait-for graphs of deadlock_cycles as files for Graphviz, yEd / Gephi or programs. */
@Command(name = "deadlocks", mixinStandardHelpOptions = true,
    description = "Write one graph per deadlock (or per signature) from deadlock_cycles: DOT for Graphviz, "
        + "GraphML for yEd / Gephi, or JSON. Needs the lock-analysis job to have run.")
final class DeadlocksCommand implements Callable<Integer> {

  @Mixin DblensCli.WarehouseOption w;
  @Option(names = "--format", defaultValue = "dot", description = "dot, graphml or json (default: ${DEFAULT-VALUE}).")
  String format;
  @Option(names = "--signature", paramLabel = "S",
      description = "Only deadlocks whose signature (deadlock_signatures.signature) starts with S.")
  String signature;
  @Option(names = "--per-signature", description = "One graph per signature, drawn from its latest deadlock.")
  boolean perSignature;
  @Option(names = "--out", defaultValue = "deadlock-graphs", paramLabel = "DIR",
      description = "Directory for the files (default: ./${DEFAULT-VALUE}).")
  String out;

  @Override
  public Integer call() {
    DeadlockGraphFiles.Format f = DeadlockGraphFiles.Format.parse(format);
    Warehouse warehouse = new Warehouse(Sessions.getOrCreate("dblens deadlocks"), w.warehouse);
    Path dir = Paths.get(out).toAbsolutePath();
    List<Path> files = DeadlockGraphFiles.write(warehouse, f, signature, perSignature, dir);
    System.out.println("wrote " + files.size() + " " + f.name().toLowerCase(java.util.Locale.ROOT)
        + " graph(s) to " + dir);
    files.forEach(p -> System.out.println("  " + p.getFileName()));
    return 0;
  }
}
