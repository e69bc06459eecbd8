package io.cutover.db;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

/**
 * The release database cannot be reached (HTTP 503). Only the control plane needs it: the proxy
 * keeps serving from its in-memory routing table, and the message says so.
 */
public class DatabaseUnavailableException extends RuntimeException {

  public DatabaseUnavailableException(Throwable cause) {
    super(
        "the release database is unavailable: "
            + describe(cause)
            + "; the proxy keeps serving traffic",
        cause);
  }

  /** This failure as a {@code DatabaseUnavailableException} when it is an outage, else as is. */
  public static Throwable translate(Throwable failure) {
    if (failure instanceof DatabaseUnavailableException || !isOutage(failure)) {
      return failure;
    }
    return new DatabaseUnavailableException(failure);
  }

  /** Connection refused, reset or timed out, server shutting down, login refused. */
  public static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DatabaseUnavailableException
          || t instanceof SocketException // ConnectException, NoRouteToHostException, resets
          || t instanceof UnknownHostException
          || t instanceof ClosedChannelException
          || t instanceof ClosedConnectionException
          || t instanceof TimeoutException
          || t instanceof io.netty.channel.ConnectTimeoutException
          || t.getClass().getName().endsWith("NoStackTraceTimeoutException")) {
        return true;
      }
      if (t instanceof DatabaseException db && isOutageState(db.getSqlState())) {
        return true;
      }
      if (t instanceof SQLException sql && isOutageState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** SQLSTATE classes that mean "no usable connection", not "bad statement". */
  private static boolean isOutageState(String state) {
    return state != null
        && (state.startsWith("08") // connection exception
            || state.startsWith("57P") // admin shutdown, crash shutdown, cannot connect now
            || state.startsWith("28") // invalid authorization
            || state.equals("53300") // too many connections
            || state.equals("3D000")); // database does not exist
  }

  private static String describe(Throwable failure) {
    Throwable deepest = failure;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null) {
        deepest = t;
      }
    }
    String message = deepest.getMessage();
    return message == null ? deepest.getClass().getSimpleName() : message;
  }
}
