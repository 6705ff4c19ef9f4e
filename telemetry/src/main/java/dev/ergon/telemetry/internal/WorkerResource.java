package dev.ergon.telemetry.internal;

import dev.ergon.telemetry.TelemetryConfig;
import dev.ergon.telemetry.WorkerIdentity;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The worker's resource: {@code service.name} (default the task's name), the Ergon identity, the
 * process id, the host name and address. Detection reads local state only and sends no packets.
 */
public final class WorkerResource {
  /** {@code service.name}. */
  public static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  /** {@code service.instance.id}. */
  public static final AttributeKey<String> SERVICE_INSTANCE_ID =
      AttributeKey.stringKey("service.instance.id");

  /** {@code ergon.task.name}. */
  public static final AttributeKey<String> TASK_NAME = AttributeKey.stringKey("ergon.task.name");

  /** {@code ergon.execution.id}. */
  public static final AttributeKey<String> EXECUTION_ID =
      AttributeKey.stringKey("ergon.execution.id");

  /** {@code ergon.worker.index}. */
  public static final AttributeKey<Long> WORKER_INDEX = AttributeKey.longKey("ergon.worker.index");

  /** {@code process.pid}. */
  public static final AttributeKey<Long> PROCESS_PID = AttributeKey.longKey("process.pid");

  /** {@code host.name}. */
  public static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");

  /** {@code host.ip} (semantic conventions: a string array). */
  public static final AttributeKey<List<String>> HOST_IP = AttributeKey.stringArrayKey("host.ip");

  private WorkerResource() {}

  /**
   * The worker's attributes, without {@code service.name}.
   *
   * @param identity the worker
   * @return the attributes
   */
  public static Attributes identity(WorkerIdentity identity) {
    return Attributes.builder()
        .put(TASK_NAME, identity.taskName())
        .put(EXECUTION_ID, identity.executionId())
        .put(WORKER_INDEX, (long) identity.workerIndex())
        .put(PROCESS_PID, ProcessHandle.current().pid())
        .put(HOST_NAME, hostName())
        .put(HOST_IP, List.of(hostAddress()))
        .build();
  }

  /**
   * The SDK's default resource merged with the worker's attributes, the configured attributes and
   * the service name.
   *
   * @param config the telemetry configuration
   * @param identity the worker
   * @return the resource
   */
  public static Resource build(TelemetryConfig config, WorkerIdentity identity) {
    return complete(Resource.getDefault(), config, identity, true);
  }

  /**
   * Adds the worker's attributes and the configured attributes to {@code base}; sets {@code
   * service.name} from the configuration, or to the task's name when {@code base} has none of its
   * own (the SDK's {@code unknown_service} default) or {@code overrideService} is set; sets {@code
   * service.instance.id} to {@code <execution id>/<worker index>} unless {@code base} or the
   * configuration gives one, so that the workers and replicas of one service never share a series
   * in a Prometheus exporter (which takes its {@code instance} label from it). From the
   * environment, {@code base} has one already: {@code OTEL_RESOURCE_ATTRIBUTES}' or the
   * autoconfigure module's random one; the SDK's default resource, used for a configuration made in
   * code, has none.
   *
   * @param base the resource to complete
   * @param config the telemetry configuration
   * @param identity the worker
   * @param overrideService whether the task name replaces any service name of {@code base}
   * @return the resource
   */
  public static Resource complete(
      Resource base, TelemetryConfig config, WorkerIdentity identity, boolean overrideService) {
    AttributesBuilder b = Attributes.builder().putAll(identity(identity));
    if (base.getAttribute(SERVICE_INSTANCE_ID) == null) {
      b.put(SERVICE_INSTANCE_ID, identity.executionId() + "/" + identity.workerIndex());
    }
    config.resourceAttributes().forEach(b::put);
    String service = config.serviceName();
    if (service == null) {
      service = config.resourceAttributes().get(SERVICE_NAME.getKey());
    }
    if (service == null) {
      String inherited = base.getAttribute(SERVICE_NAME);
      boolean keep =
          !overrideService && inherited != null && !inherited.startsWith("unknown_service");
      service = keep ? inherited : identity.taskName();
    }
    b.put(SERVICE_NAME, service);
    return base.merge(Resource.create(b.build()));
  }

  /**
   * The host's name: {@code HOSTNAME} or {@code COMPUTERNAME}, the kernel's host name, else the
   * JDK's local host name; {@code localhost} when nothing answers.
   *
   * @return the host name
   */
  static String hostName() {
    for (String env : List.of("HOSTNAME", "COMPUTERNAME")) {
      String v = System.getenv(env);
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    String kernel = readKernelHostName();
    if (kernel != null) {
      return kernel;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static @Nullable String readKernelHostName() {
    Path p = Path.of("/proc/sys/kernel/hostname");
    try {
      if (Files.isReadable(p)) {
        String v = Files.readString(p, StandardCharsets.US_ASCII).strip();
        return v.isEmpty() ? null : v;
      }
    } catch (IOException | SecurityException e) {
      // fall through to the JDK
    }
    return null;
  }

  /**
   * The first address of an interface that is up and not loopback, IPv4 preferred, link-local
   * addresses skipped; {@code 127.0.0.1} when there is none.
   *
   * @return the address
   */
  static String hostAddress() {
    List<InetAddress> candidates = new ArrayList<>();
    try {
      var interfaces = NetworkInterface.getNetworkInterfaces();
      if (interfaces == null) {
        return "127.0.0.1";
      }
      for (NetworkInterface ni : Collections.list(interfaces)) {
        if (!ni.isUp() || ni.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress()) {
            candidates.add(a);
          }
        }
      }
    } catch (SocketException e) {
      return "127.0.0.1";
    }
    return candidates.stream()
        .filter(a -> a instanceof Inet4Address)
        .findFirst()
        .or(() -> candidates.stream().findFirst())
        .map(a -> a.getHostAddress().replaceFirst("%.*$", "")) // no IPv6 scope
        .orElse("127.0.0.1");
  }
}
