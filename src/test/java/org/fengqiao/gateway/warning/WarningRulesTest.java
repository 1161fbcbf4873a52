package org.fengqiao.gateway.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.ConfigurationException;
import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.config.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config/warning-rules.yaml as the gateway reads it at start: the shipped rules, and broken files refused by name. */
class WarningRulesTest {

    @TempDir
    Path dir;

    @Test
    void theShippedFileHoldsOneRuleOfEachKind() {
        List<WarningRules.Rule> rules = WarningRules.read(ConfigFiles.at("config"));
        assertThat(rules).extracting(WarningRules.Rule::kind).containsExactlyInAnyOrder(WarningRules.Kind.values());
        WarningRules.Rule repeat = rules.stream().filter(r -> r.id().equals("repeat-party")).findFirst().orElseThrow();
        assertThat(repeat.parameters().disputes()).isEqualTo(3);
        assertThat(repeat.windowDays()).contains(30);
        WarningRules.Rule escalating = rules.stream().filter(r -> r.kind() == WarningRules.Kind.ESCALATING_CONFLICT)
                .findFirst().orElseThrow();
        assertThat(escalating.parameters().categories()).containsExactly(Category.NEIGHBOR, Category.MARRIAGE_FAMILY);
        assertThat(escalating.parameters().fightCategories()).containsExactly("200200");
        assertThat(escalating.windowDays()).isEqualTo(Optional.empty());
    }

    @Test
    void aRuleWithoutAParameterOfItsKindIsRefusedNamingRuleAndField() throws IOException {
        write("""
                rules:
                  - { id: repeat-party, name: 重复访, kind: REPEAT_PARTY, parameters: { days: 30 }, window: 30d }
                """);
        assertThatThrownBy(this::read).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rules[0] (repeat-party).parameters.disputes")
                .hasMessageContaining("REPEAT_PARTY");
    }

    @Test
    void aThresholdOutOfRangeAWrongWindowAnUnknownKindAndAMisspeltParameterAreRefused() throws IOException {
        write("""
                rules:
                  - { id: surge, name: 激增, kind: SURGE, parameters: { factor: 0.5, trailingDays: 30, atLeast: 5 }, window: 1d }
                """);
        assertThatThrownBy(this::read).hasMessageContaining("rules[0] (surge).parameters.factor");
        write("""
                rules:
                  - { id: group, name: 群体, kind: GROUP_MATTER, parameters: { people: 5 }, window: weekly }
                """);
        assertThatThrownBy(this::read).hasMessageContaining("rules[0] (group).window").hasMessageContaining("'weekly'");
        write("""
                rules:
                  - { id: group, name: 群体, kind: CROWD, parameters: { people: 5 }, window: once }
                """);
        assertThatThrownBy(this::read).hasMessageContaining("rules[0].kind").hasMessageContaining("GROUP_MATTER");
        write("""
                rules:
                  - { id: group, name: 群体, kind: GROUP_MATTER, parameters: { peple: 5 }, window: once }
                """);
        assertThatThrownBy(this::read).hasMessageContaining("rules[0].parameters").hasMessageContaining("peple");
        write("""
                rules:
                  - { id: group, name: 群体, kind: GROUP_MATTER, parameters: { people: 5 }, window: once }
                  - { id: group, name: 群体2, kind: GROUP_MATTER, parameters: { people: 9 }, window: once }
                """);
        assertThatThrownBy(this::read).hasMessageContaining("rules[1] (group).id");
    }

    @Test
    void aDisabledRuleIsLeftOut() throws IOException {
        write("""
                rules:
                  - { id: group, name: 群体, kind: GROUP_MATTER, enabled: false, parameters: { people: 5 }, window: once }
                  - { id: old, name: 久拖, kind: LONG_UNRESOLVED, parameters: { ageDays: 90, reopened: 3 }, window: once }
                """);
        assertThat(read()).extracting(WarningRules.Rule::id).containsExactly("old");
    }

    private List<WarningRules.Rule> read() {
        return WarningRules.read(ConfigFiles.at(dir.toString()));
    }

    private void write(String yaml) throws IOException {
        Files.writeString(dir.resolve(WarningRules.FILE), yaml);
    }
}
