package io.costfleet.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The objects {@code helm template} renders from {@code charts/costfleet} for some values. Helm is
 * the one {@code charts/costfleet/ci/validate.sh --tools-only} installs into {@code tools/}.
 */
final class ChartRender {
  static final String RELEASE = "costfleet";
  static final String NAMESPACE = "finops";

  private final List<Map<String, Object>> objects;

  private ChartRender(List<Map<String, Object>> objects) {
    this.objects = objects;
  }

  /** Renders the chart with {@code values} (a values.yaml tree) on top of its defaults. */
  static ChartRender render(Map<String, Object> values, Path workDir) throws IOException, InterruptedException {
    Path root = repositoryRoot();
    Path valuesFile = workDir.resolve("values.yaml");
    Files.writeString(valuesFile, new Yaml().dump(values));
    String helm = run(root, List.of("bash", root.resolve("charts/costfleet/ci/validate.sh").toString(), "--tools-only"))
        .strip().lines().reduce((a, b) -> b).orElseThrow();
    String manifests = run(root, List.of(helm, "template", RELEASE, root.resolve("charts/costfleet").toString(),
        "--namespace", NAMESPACE, "--kube-version", "1.29.0", "-f", valuesFile.toString()));
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object doc : new Yaml(new LoaderOptions()).loadAll(manifests)) {
      if (doc instanceof Map<?, ?> m) {
        objects.add(cast(m));
      }
    }
    return new ChartRender(objects);
  }

  /** The object of a kind and name; fails naming what was rendered when there is none. */
  Map<String, Object> get(String kind, String name) {
    return objects.stream()
        .filter(o -> kind.equals(o.get("kind")) && name.equals(map(o, "metadata").get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " among " + objects.stream()
            .map(o -> o.get("kind") + "/" + map(o, "metadata").get("name")).toList()));
  }

  /** The first container of a Deployment's pod template. */
  Map<String, Object> container(String deployment) {
    Map<String, Object> podSpec = map(map(map(get("Deployment", deployment), "spec"), "template"), "spec");
    return cast(list(podSpec, "containers").get(0));
  }

  /**
   * The environment of a Spring worker's pod, ready for a process on this machine: the container's
   * {@code env} resolved (pod name {@code <deployment>-5d8c7b9f6d-x2x7q}), the rendered ConfigMap
   * written to {@code work/config} and pointed at, and the HTTP port moved to {@code port}.
   */
  Map<String, String> workerEnvironment(String deployment, Map<String, Map<String, String>> secrets, Path work,
      int port) throws IOException {
    Map<String, Object> container = container(deployment);
    Map<String, String> env = new java.util.LinkedHashMap<>(PodEnvironment.resolve(list(container, "env"), secrets,
        Map.of("metadata.name", deployment + "-5d8c7b9f6d-x2x7q")));
    String mounted = "optional:file:/etc/costfleet/config/";
    if (!mounted.equals(env.get("SPRING_CONFIG_ADDITIONAL_LOCATION"))
        || list(container, "volumeMounts").stream().noneMatch(m -> "/etc/costfleet/config".equals(cast(m).get("mountPath")))) {
      throw new AssertionError("the worker's ConfigMap is not mounted where SPRING_CONFIG_ADDITIONAL_LOCATION points");
    }
    Path config = Files.createDirectories(work.resolve("config"));
    Files.writeString(config.resolve("application.yaml"),
        (String) map(get("ConfigMap", deployment), "data").get("application.yaml"));
    env.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:" + config + "/");
    env.put("SERVER_PORT", Integer.toString(port));
    return env;
  }

  /** A path of the Deployment's pod template: {@code probe} is livenessProbe, readinessProbe or startupProbe. */
  String probePath(String deployment, String probe) {
    return (String) map(map(container(deployment), probe), "httpGet").get("path");
  }

  /** The pod annotation prometheus.io/path. */
  String scrapePath(String deployment) {
    return (String) map(map(podTemplate(deployment), "metadata"), "annotations").get("prometheus.io/path");
  }

  int terminationGracePeriodSeconds(String deployment) {
    return ((Number) map(podTemplate(deployment), "spec").get("terminationGracePeriodSeconds")).intValue();
  }

  private Map<String, Object> podTemplate(String deployment) {
    return map(map(get("Deployment", deployment), "spec"), "template");
  }

  static String componentName(String component) {
    return RELEASE + "-" + component;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object v = parent.get(key);
    if (!(v instanceof Map)) {
      throw new AssertionError("'" + key + "' is not an object in " + parent.keySet());
    }
    return (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Map<String, Object> parent, String key) {
    Object v = parent.get(key);
    return v == null ? List.of() : (List<Object>) v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("charts/costfleet/Chart.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("charts/costfleet not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
