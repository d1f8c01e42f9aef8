package io.bouncewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.InputParser;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.MailboxEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuppressionWorkloadTest {

    private static final long NOW = java.time.Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private static final int PARTITIONS = 6;

    private final SuppressionWorkload workload = new SuppressionWorkload(20_000, 42);

    @Test
    void theImportFileIsAnSesExportWithOneLinePerImportedRecipient(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("list.csv");
        workload.writeImportFile(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(20_001);
        assertThat(lines.get(0)).isEqualTo("EmailAddress,Reason,LastUpdateTime");
        Set<String> recipients = new HashSet<>();
        long complaints = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertThat(f).hasSize(3);
            assertThat(f[0]).isEqualTo(Addresses.normaliseMailbox(f[0]));
            assertThat(f[1]).isIn("BOUNCE", "COMPLAINT");
            complaints += f[1].equals("COMPLAINT") ? 1 : 0;
            recipients.add(f[0]);
        }
        assertThat(recipients).hasSize(20_000);
        assertThat(complaints).isEqualTo(4_000);
    }

    @Test
    void aTenthAsManyOtherRecipientsGetAListBounceEachClassifiedAsSuch() throws Exception {
        assertThat(workload.bounced()).isEqualTo(2_000);
        assertThat(workload.suppressed()).isEqualTo(22_000);
        Set<String> recipients = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int j = 0; j < workload.bounced(); j++) {
            SuppressionWorkload.Bounce b = workload.bounce(j);
            MailboxEvent.Bounce bounce = InputParser.bounce(b.json(), NOW, NOW);
            assertThat(bounce.category())
                    .as(new String(b.json(), StandardCharsets.UTF_8))
                    .isEqualTo(Category.LIST);
            assertThat(bounce.mailbox()).isEqualTo(b.mailbox());
            assertThat(bounce.recipient()).isEqualTo(workload.bouncedRecipient(j));
            assertThat(ids.add(bounce.eventId())).isTrue();
            recipients.add(bounce.recipient());
        }
        assertThat(recipients).hasSize(workload.bounced());
        Set<String> imported = new HashSet<>();
        for (int i = 0; i < workload.imported(); i++) {
            imported.add(SuppressionWorkload.importedRecipient(i));
        }
        assertThat(java.util.Collections.disjoint(recipients, imported))
                .as("bounced recipients are not imported ones")
                .isTrue();
    }

    @Test
    void aCheckIsTenThousandRecipientsHalfSuppressedOverEveryPartition() {
        Set<String> suppressed = new HashSet<>();
        for (int i = 0; i < workload.imported(); i++) {
            suppressed.add(SuppressionWorkload.importedRecipient(i));
        }
        for (int j = 0; j < workload.bounced(); j++) {
            suppressed.add(workload.bouncedRecipient(j));
        }
        SuppressionWorkload.Check check = workload.check(3);
        assertThat(check.recipients()).hasSize(10_000).doesNotHaveDuplicates();
        assertThat(check.suppressed()).hasSize(5_000);
        assertThat(check.recipients()).containsAll(check.suppressed());
        assertThat(suppressed).containsAll(check.suppressed());
        assertThat(check.recipients().stream().filter(suppressed::contains)).hasSize(5_000);
        assertThat(check.suppressed())
                .as("both sources")
                .anyMatch(r -> r.startsWith("gone"))
                .anyMatch(r -> r.startsWith("imported"));
        Set<Integer> partitions = new HashSet<>();
        check.suppressed()
                .forEach(
                        r ->
                                partitions.add(
                                        Utils.toPositive(
                                                        Utils.murmur2(
                                                                r.getBytes(StandardCharsets.UTF_8)))
                                                % PARTITIONS));
        assertThat(partitions).hasSize(PARTITIONS);
        assertThat(workload.check(3)).isEqualTo(check);
        assertThat(workload.check(4).recipients()).isNotEqualTo(check.recipients());
    }

    @Test
    void fewerImportedRecipientsThanHalfACheckAreRefused() {
        assertThatThrownBy(() -> new SuppressionWorkload(9_999, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
