package dev.twofa.examples.customeradmin;

import java.io.PrintStream;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Prints, once the server listens, the line with the URL ({@code Customer Administration:
 * http://127.0.0.1:PORT/}) and the demo users' passwords, for the person running the demo.
 *
 * <p>Thread-safe (stateless).
 */
@Component
public class StartBanner implements ApplicationListener<WebServerInitializedEvent> {

    private final DemoUsers users;
    private final Environment environment;
    private final PrintStream console = System.out;

    StartBanner(DemoUsers users, Environment environment) {
        this.users = users;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        console.println(text(event.getWebServer().getPort()));
    }

    /** Returns the banner of the server on the port. */
    String text(int port) {
        StringBuilder b = new StringBuilder(256);
        b.append("\nCustomer Administration: http://127.0.0.1:").append(port).append("/\n");
        for (String user : users.names()) {
            b.append("  log in as ").append(user).append(" / ").append(users.password(user))
                    .append(user.equals(DemoUsers.SUPPORT) ? "   (support: reset a customer's two-factor authentication)" : "")
                    .append('\n');
        }
        b.append("  SMS codes are printed here and shown on the Outbox page; data in ")
                .append(environment.getProperty(DataDirectory.PROPERTY)).append('\n')
                .append("  Ctrl+C stops it.\n");
        return b.toString();
    }
}
