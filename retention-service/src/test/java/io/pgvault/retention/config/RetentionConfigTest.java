package io.pgvault.retention.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/** The settings that would make retention unsafe are refused when the service reads its configuration. */
class RetentionConfigTest {

    @Test
    void aFloorBelowOneIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> read(Map.of("pgvault.retention.floor", "0")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("pgvault.retention.floor");
        assertThatThrownBy(() -> read(Map.of("pgvault.retention.sweep-batch-size", "-1")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("pgvault.retention.sweep-batch-size");
    }

    @Test
    void theDefaultsAreValid() {
        RetentionConfig config = read(Map.of());
        assertThat(config.floor()).isEqualTo(1);
        assertThat(read(Map.of("pgvault.retention.floor", "3")).floor()).isEqualTo(3);
    }

    private static RetentionConfig read(Map<String, String> properties) {
        Validator validator = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(RetentionConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withValidator(new BeanValidationConfigValidator() {
                    @Override
                    public Validator getValidator() {
                        return validator;
                    }
                })
                .build();
        return config.getConfigMapping(RetentionConfig.class);
    }
}
