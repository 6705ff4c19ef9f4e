package dev.ergon.connector.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The checkpoint file: a small JSON document written atomically (a temporary file, forced to disk,
 * then moved over the old one), and an exclusive lock on {@code <file>.lock} so that one connector
 * at a time (in any process) reads the source from it. Not thread-safe; the connector serializes
 * calls.
 */
public final class CheckpointStore implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Path temp;
  private final Path lockFile;
  private @Nullable FileChannel lockChannel;
  private @Nullable FileLock lock;

  /**
   * A store on {@code file}; its directory is created when missing.
   *
   * @param file the checkpoint file
   * @throws IOException when the directory cannot be created
   */
  public CheckpointStore(Path file) throws IOException {
    this.file = file.toAbsolutePath();
    this.temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    Files.createDirectories(this.file.getParent());
  }

  /**
   * Takes the lock when it is free. Idempotent once held.
   *
   * @return true when this store holds the lock
   * @throws IOException when the lock file cannot be opened
   */
  public boolean tryLock() throws IOException {
    if (lock != null) {
      return true;
    }
    if (lockChannel == null) {
      lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // another connector of this JVM holds it
    }
    return lock != null;
  }

  /**
   * Reads the checkpoint.
   *
   * @return it, or empty when the file does not exist
   * @throws IOException when it cannot be read or is not a checkpoint
   */
  public Optional<Checkpoint> load() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    JsonNode n = JSON.readTree(file.toFile());
    if (n == null || !n.path("url").isTextual() || !n.path("source").isTextual()) {
      throw new IOException("checkpoint file " + file + " is not an Ergon HTTP checkpoint");
    }
    List<String> done = new ArrayList<>();
    n.path("done").forEach(d -> done.add(d.asText()));
    return Optional.of(
        new Checkpoint(
            n.get("source").asText(), n.get("url").asText(), n.path("passed").asLong(), done));
  }

  /**
   * Writes the checkpoint atomically.
   *
   * @param cp the checkpoint
   * @throws IOException when it cannot be written
   */
  public void save(Checkpoint cp) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", 1);
    n.put("source", cp.source());
    n.put("url", cp.url());
    n.put("passed", cp.passed());
    ArrayNode done = n.putArray("done");
    cp.done().forEach(done::add);
    n.put("saved_at", Instant.now().toString());
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    try (FileChannel ch =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The checkpoint file.
   *
   * @return its absolute path
   */
  public Path file() {
    return file;
  }

  /** Releases the lock. Idempotent. */
  @Override
  public void close() throws IOException {
    try {
      if (lock != null) {
        lock.release();
      }
    } finally {
      lock = null;
      if (lockChannel != null) {
        lockChannel.close();
        lockChannel = null;
      }
    }
  }
}
