package dev.ergon.runtime.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs handlers for POSIX signals ({@code INT}, {@code TERM}) and restores the previous ones on
 * {@link #close()}.
 *
 * <p>Uses {@code sun.misc.Signal} from module {@code jdk.unsupported} (exported, and the only way
 * to handle a signal without starting JVM shutdown) <em>through reflection</em>: compiling against
 * it raises an "internal proprietary API" warning that {@code -Werror} cannot suppress. Where the
 * class or a signal is unavailable (another JVM, {@code -Xrs}, a signal the shell set to ignored),
 * a warning is logged and that signal keeps its default behaviour.
 */
public final class Signals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private final Map<String, Object> previous = new LinkedHashMap<>();
  private final Map<String, Object> signals = new LinkedHashMap<>();
  private @Nullable Method handleMethod;

  private Signals() {}

  /**
   * Installs {@code handler} for each named signal; it runs on a thread the JVM starts per signal.
   *
   * @param handler receives the signal's name ({@code INT}, {@code TERM})
   * @param names signal names without the {@code SIG} prefix
   * @return the installation, to close when the run ends
   */
  public static Signals install(Consumer<String> handler, String... names) {
    Signals s = new Signals();
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      s.handleMethod = handle;
      Object ignored = handlerClass.getField("SIG_IGN").get(null);
      for (String name : names) {
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        Object proxy = proxy(handlerClass, name, handler);
        try {
          Object old = handle.invoke(null, signal, proxy);
          if (old != null && old.equals(ignored)) {
            LOG.warn(
                "SIG{} is ignored by this process (set by its parent); it will not stop it", name);
            continue;
          }
          s.previous.put(name, old);
          s.signals.put(name, signal);
        } catch (InvocationTargetException e) {
          LOG.warn("cannot handle SIG{}: {}", name, e.getCause().toString());
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "signal handling is unavailable ({}); signals keep their default behaviour",
          e.toString());
    }
    return s;
  }

  private static Object proxy(Class<?> handlerClass, String name, Consumer<String> handler) {
    return Proxy.newProxyInstance(
        Signals.class.getClassLoader(),
        new Class<?>[] {handlerClass},
        (p, method, args) ->
            switch (method.getName()) {
              case "handle" -> {
                handler.accept(name);
                yield null;
              }
              case "hashCode" -> System.identityHashCode(p);
              case "equals" -> p == args[0];
              case "toString" -> "ergon SIG" + name + " handler";
              default -> throw new UnsupportedOperationException(method.getName());
            });
  }

  /** Restores the handlers that were in place before {@link #install}. */
  @Override
  public void close() {
    Method handle = handleMethod;
    if (handle == null) {
      return;
    }
    for (Map.Entry<String, Object> e : signals.entrySet()) {
      try {
        handle.invoke(null, e.getValue(), previous.get(e.getKey()));
      } catch (ReflectiveOperationException | RuntimeException ex) {
        LOG.debug("restoring the SIG{} handler failed", e.getKey(), ex);
      }
    }
    signals.clear();
  }
}
