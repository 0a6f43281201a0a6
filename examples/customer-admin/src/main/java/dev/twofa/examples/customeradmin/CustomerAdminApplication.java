package dev.twofa.examples.customeradmin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the Customer Administration example (skeleton). */
@SpringBootApplication
public class CustomerAdminApplication {

    /** Creates the application class; Spring calls this. */
    public CustomerAdminApplication() {
    }

    /**
     * Starts the application.
     *
     * @param args Spring Boot command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(CustomerAdminApplication.class, args);
    }
}
