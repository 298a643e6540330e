package io.dblens.jobs.ingest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Turns a producer that pushes items (a parser writing to a sink) into an iterator Spark can pull
 * from, with a bounded queue between them: memory stays bounded however large the file, and parsing
 * overlaps with Spark's serialisation of the rows already produced.
 */
final class PushToPull<T> implements Iterator<T>, AutoCloseable {

  /** The producer body; it pushes items through the given consumer and returns when done. */
  interface Producer<T> {
    void run(Consumer<T> out) throws Exception;
  }

  private static final int BATCH = 2048;
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(16);
  private final Thread thread;
  private Iterator<T> current = java.util.Collections.emptyIterator();
  private boolean done;
  private volatile boolean cancelled;

  PushToPull(String name, Producer<T> producer) {
    thread = new Thread(() -> {
      Object last = END;
      List<T> batch = new ArrayList<>(BATCH);
      try {
        producer.run(item -> {
          batch.add(item);
          if (batch.size() >= BATCH) {
            put(new ArrayList<>(batch));
            batch.clear();
          }
        });
        if (!batch.isEmpty()) {
          put(new ArrayList<>(batch));
        }
      } catch (Cancelled c) {
        return;
      } catch (Throwable t) {
        last = t;
      }
      try {
        queue.put(last);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void put(Object o) {
    try {
      while (!cancelled) {
        if (queue.offer(o, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new Cancelled();
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean hasNext() {
    while (!current.hasNext()) {
      if (done) {
        return false;
      }
      Object next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("interrupted while reading parsed rows", e);
      }
      if (next == END) {
        done = true;
        return false;
      }
      if (next instanceof Throwable t) {
        done = true;
        if (t instanceof RuntimeException r) {
          throw r;
        }
        if (t instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(t);
      }
      current = ((List<T>) next).iterator();
    }
    return true;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }

  @Override
  public void close() {
    cancelled = true;
    thread.interrupt();
  }

  private static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }
}
