package io.pgvault.job.store;

import io.pgvault.job.config.StoreConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** The S3 client of the store settings: any S3 API (AWS, MinIO, Ceph RGW, s3proxy). */
public final class S3Clients {

    private S3Clients() {
    }

    /** A client for {@code settings}; credentials from the settings, else the AWS default chain. */
    public static S3Client create(StoreConfig.S3 settings) {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .region(Region.of(settings.region()))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build())
                // Checksums only where the API requires them: S3-compatible servers differ in the newer ones,
                // and every artifact is authenticated by its encryption and the manifest anyway.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(credentials(settings));
        settings.endpoint().filter(e -> !e.isBlank()).ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
        return builder.build();
    }

    private static String secretKey(StoreConfig.S3 settings) {
        if (settings.secretAccessKeyFile().filter(f -> !f.isBlank()).isPresent()) {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of(settings.secretAccessKeyFile().get())).strip();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the S3 secret key file " + settings.secretAccessKeyFile().get()
                        + ": " + e.getMessage(), e);
            }
        }
        return settings.secretAccessKey().orElse("");
    }

    private static AwsCredentialsProvider credentials(StoreConfig.S3 settings) {
        if (settings.accessKeyId().filter(k -> !k.isBlank()).isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(),
                    secretKey(settings)));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
