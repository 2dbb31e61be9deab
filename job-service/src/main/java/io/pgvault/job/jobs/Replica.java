package io.pgvault.job.jobs;

import io.pgvault.job.config.JobConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This job-service process among its replicas: the {@code owner} of the jobs it claims. The default is
 * new at every start (host, process id, random suffix), so the jobs a previous life of this process
 * left are never mistaken for its own: they are reaped when their lease expires, like any other.
 */
@ApplicationScoped
public class Replica {

    private final String id;

    public Replica(JobConfig config) {
        this.id = config.replicaId().filter(s -> !s.isBlank()).orElseGet(Replica::generated);
    }

    /** This replica's id. */
    public String id() {
        return id;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        byte[] suffix = new byte[4];
        ThreadLocalRandom.current().nextBytes(suffix);
        return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(suffix);
    }
}
