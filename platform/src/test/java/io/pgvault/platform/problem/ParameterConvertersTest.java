package io.pgvault.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.DayOfWeek;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ParameterConvertersTest {

    private final ParameterConverters converters = new ParameterConverters();

    @SuppressWarnings("unused")
    void resource(@PathParam("id") UUID id, @QueryParam("day") DayOfWeek day) {
    }

    @Test
    void aBadUuidIsA400NamingTheParameter() throws Exception {
        ParamConverter<UUID> uuids = converters.getConverter(UUID.class, UUID.class, annotations(0));
        UUID id = UUID.randomUUID();
        assertThat(uuids.fromString(id.toString())).isEqualTo(id);
        for (String bad : new String[] {"not-a-uuid", "1-2-3-4-5", "00000000-0000-0000-0000-00000000000g", "",
                "3f2a1c9e8d4b4e0a9c712b5d8e6f4a10"}) {
            assertThatThrownBy(() -> uuids.fromString(bad)).as(bad)
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.toProblem(null).errors()).extracting(Problem.FieldError::field).containsExactly("id");
                    });
        }
    }

    @Test
    void anEnumIsReadInAnyCaseAndAnUnknownValueIsA400NamingTheParameterAndTheValues() throws Exception {
        ParamConverter<DayOfWeek> days = converters.getConverter(DayOfWeek.class, DayOfWeek.class, annotations(1));
        assertThat(days.fromString("monday")).isEqualTo(DayOfWeek.MONDAY);
        assertThatThrownBy(() -> days.fromString("NOT_A_VALUE"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("day: must be one of [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY]"));
    }

    @Test
    void otherTypesAreLeftToJaxRs() {
        assertThat(converters.getConverter(Integer.class, Integer.class, new Annotation[0])).isNull();
        assertThat(converters.getConverter(String.class, String.class, new Annotation[0])).isNull();
    }

    private Annotation[] annotations(int parameter) throws NoSuchMethodException {
        Method method = getClass().getDeclaredMethod("resource", UUID.class, DayOfWeek.class);
        return method.getParameterAnnotations()[parameter];
    }
}
