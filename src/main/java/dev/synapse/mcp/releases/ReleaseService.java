package dev.synapse.mcp.releases;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.errors.ConflictException;
import dev.synapse.mcp.errors.ForbiddenException;
import dev.synapse.mcp.errors.InvalidFieldException;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.errors.NotFoundException;
import dev.synapse.mcp.errors.UnavailableException;
import dev.synapse.mcp.plugins.DiscoveredPlugin;
import dev.synapse.mcp.plugins.Plugin;
import dev.synapse.mcp.plugins.PluginDiscovery;
import dev.synapse.mcp.plugins.PluginService;
import dev.synapse.mcp.runs.Run;
import dev.synapse.mcp.runs.RunService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Plugin releases: fetch from the plugin store and cache ({@code code@version}), list, get, delete,
 * run, and debug-run from a source folder. MCP and REST both call this; runs go through the one
 * {@link RunService} path. Per release, creating and deleting exclude each other and starting runs
 * (a read-write lock), so a release is never fetched twice nor deleted under a starting run.
 */
public final class ReleaseService {
  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAX_PAGE_SIZE = 100;

  private final ReleaseStore store;
  private final ReleaseFolders folders;
  private final ReleaseInstaller installer;
  private final RunService runs;
  private final PluginService plugins;
  private final ActionStarter starter;
  private final DebugRuns debugRuns;
  private final PluginStore source;
  private final String storeProblem;
  private final Clock clock;
  private final ObjectMapper json;
  private final PluginDiscovery cached = new PluginDiscovery(List.of());
  private final Map<String, ReadWriteLock> locks = new ConcurrentHashMap<>();

  public ReleaseService(
      ReleaseStore store,
      PluginService plugins,
      RunService runs,
      ObjectMapper json,
      Path home,
      List<Path> pluginRoots,
      String storeLocation,
      ArchiveLimits limits,
      Clock clock) {
    this.store = store;
    this.folders = new ReleaseFolders(home.resolve("releases"));
    this.installer = new ReleaseInstaller(folders, limits);
    this.runs = runs;
    this.plugins = plugins;
    this.starter = new ActionStarter(plugins, runs);
    this.debugRuns =
        new DebugRuns(
            plugins, runs, starter, new DebugCopies(home.resolve("debug"), json, pluginRoots));
    this.clock = clock;
    this.json = json;
    PluginStore s = null;
    String problem = null;
    try {
      s = PluginStore.of(storeLocation, Duration.ofMinutes(5));
    } catch (RuntimeException e) {
      problem = e.getMessage();
    }
    this.source = s;
    this.storeProblem = problem;
    folders.sweep(Duration.ofHours(1));
  }

  public ReleasePage list(Agent agent, ReleaseFilter filter, Integer page, Integer pageSize) {
    agent.require(Role.RELEASE);
    int p = page == null ? 1 : page;
    int size = pageSize == null ? DEFAULT_PAGE_SIZE : pageSize;
    if (p < 1) {
      throw new InvalidFieldException("page", "page must be 1 or more; got " + p);
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new InvalidFieldException(
          "page_size", "page_size must be between 1 and " + MAX_PAGE_SIZE + "; got " + size);
    }
    ReleaseFilter f = filter == null ? ReleaseFilter.NONE : filter;
    ReleaseStore.Slice slice = store.page(f, (p - 1) * size, size);
    if (p > 1 && (long) (p - 1) * size >= slice.count()) {
      throw new NotFoundException("Invalid page: page " + p + " is past the last one");
    }
    return new ReleasePage(
        slice.count(), p, size, slice.rows().stream().map(this::located).toList());
  }

  public PluginRelease get(Agent agent, String lookup) {
    agent.require(Role.RELEASE);
    return find(ReleaseLookup.parse(lookup))
        .orElseThrow(() -> new NotFoundException("plugin release " + lookup.trim() + " not found"));
  }

  /** The cached release and whether this call fetched it (false: it was there already). */
  public record Created(PluginRelease release, boolean created) {}

  /** Fetches, checks and caches a release; the same release again returns the cached one. */
  public Created create(Agent agent, String code, String version) {
    agent.require(Role.RELEASE);
    ReleaseRef ref = new ReleaseRef(code, version);
    Optional<PluginRelease> existing = find(new ReleaseLookup(null, ref));
    if (existing.isPresent() && intact(existing.get())) {
      return new Created(existing.get(), false);
    }
    PluginStore from = store();
    return locked(
        ref,
        true,
        () -> {
          Optional<PluginRelease> row = find(new ReleaseLookup(null, ref));
          if (row.isPresent() && intact(row.get())) {
            return new Created(row.get(), false);
          }
          // a folder without a row is what a crash between publishing and recording leaves; a row
          // without its folder, a cache someone cleaned by hand: both are fetched again
          folders.remove(ref);
          ReleaseInstaller.Installed in;
          try {
            in = installer.install(from, ref);
          } catch (IOException e) {
            LoggerFactory.getLogger(ReleaseService.class)
                .error("caching release {} failed: {}", ref, e.toString());
            throw new UnavailableException(
                "caching release " + ref + " failed; the server log says why");
          }
          try {
            plugins.checkRequirements(new Plugin(folders.folder(ref), in.manifest()), List.of());
          } catch (InvalidInputException e) {
            folders.remove(ref);
            throw new InvalidInputException(
                "the archive of " + ref + " was refused: " + e.getMessage());
          } catch (RuntimeException e) {
            folders.remove(ref);
            throw e;
          }
          var fields =
              new NewRelease(
                  ref,
                  in.source(),
                  in.sha256(),
                  in.size(),
                  json(in.manifest().actions().keySet().stream().toList()),
                  in.manifest().config().toString());
          try {
            long id =
                row.isPresent()
                    ? store.refresh(row.get().id(), fields)
                    : store.insert(fields, agent.id(), clock.millis());
            return new Created(find(new ReleaseLookup(id, null)).orElseThrow(), row.isEmpty());
          } catch (RuntimeException e) {
            folders.remove(ref);
            throw e;
          }
        });
  }

  private static boolean intact(PluginRelease release) {
    return Files.isRegularFile(Path.of(release.path()).resolve("config.yaml"));
  }

  /** Deletes the row and the cached folder; refused while a run of the release is unfinished. */
  public PluginRelease delete(Agent agent, String lookup) {
    PluginRelease release = get(agent, lookup);
    ReleaseRef ref = new ReleaseRef(release.code(), release.version());
    if (!release.ownedBy(agent)) {
      throw new ForbiddenException(
          "plugin release "
              + ref
              + " was created by another agent; only that agent or an admin may delete it");
    }
    return locked(
        ref,
        true,
        () -> {
          List<Run> busy = runs.unfinishedAt(Path.of(release.path()));
          if (!busy.isEmpty()) {
            // ids only of runs the caller may look at; others are counted
            String yours =
                busy.stream()
                    .filter(r -> agent.isAdmin() || r.agent().equals(agent.name()))
                    .map(r -> r.id() + " " + r.status().wire())
                    .collect(Collectors.joining(", "));
            throw new ConflictException(
                "plugin release "
                    + ref
                    + " has "
                    + busy.size()
                    + " unfinished run(s)"
                    + (yours.isEmpty() ? "" : " (" + yours + ")")
                    + "; wait for them or cancel_run, then delete");
          }
          store.delete(release.id());
          folders.remove(ref);
          return release;
        });
  }

  public ReleaseRun run(Agent agent, String lookup, ReleaseRunRequest request) {
    PluginRelease release = get(agent, lookup);
    ReleaseRunRequest req = request.resolved();
    ReleaseRef ref = new ReleaseRef(release.code(), release.version());
    return locked(
        ref,
        false,
        () -> {
          if (find(new ReleaseLookup(release.id(), null)).isEmpty()) {
            throw new NotFoundException("plugin release " + ref + " was just deleted");
          }
          DiscoveredPlugin d = cached.read(Path.of(release.path()));
          if (!d.ok()) {
            throw new ConflictException(
                "the cached copy of "
                    + ref
                    + " is missing or broken ("
                    + d.error()
                    + "); delete_plugin_release and create it again");
          }
          return starter.start(agent, d.plugin(), req, ref.toString(), null);
        });
  }

  /** Runs an action from a source folder under the plugin roots, without creating a release. */
  public ReleaseRun runDebug(Agent agent, DebugRunRequest req) {
    agent.require(Role.RELEASE);
    return debugRuns.run(agent, req);
  }

  private PluginStore store() {
    if (storeProblem != null) {
      throw new UnavailableException(storeProblem);
    }
    if (source == null) {
      throw new UnavailableException(
          "no plugin store is configured: set SYNAPSE_PLUGIN_STORE to a folder or an http(s) URL"
              + " holding <code>/<version>.zip");
    }
    return source;
  }

  private Optional<PluginRelease> find(ReleaseLookup lookup) {
    return store.find(lookup).map(this::located);
  }

  private PluginRelease located(PluginRelease r) {
    return r.at(folders.root().resolve(r.code() + "@" + r.version()).toString());
  }

  private <T> T locked(ReleaseRef ref, boolean exclusive, Supplier<T> work) {
    ReadWriteLock rw = locks.computeIfAbsent(ref.toString(), k -> new ReentrantReadWriteLock());
    Lock lock = exclusive ? rw.writeLock() : rw.readLock();
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  private String json(List<String> names) {
    return json.valueToTree(names).toString();
  }
}
