// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/hl7/AdtEvent.h"

#include "services/hl7/Hl7DateTime.h"
#include "services/hl7/Hl7Message.h"

#include <QLoggingCategory>
#include <QStringList>

#include <algorithm>

namespace CareDesk {

Q_LOGGING_CATEGORY(lcHl7Adt, "caredesk.hl7.adt", QtInfoMsg)

namespace {

// Far above any real message; keeps a hostile file from building millions of identifiers.
constexpr qsizetype kMaxIdentifiersPerList = 100;
constexpr qsizetype kMaxEvents = 100'000;

// Decoded and trimmed; HL7's explicit null ("") reads as empty.
QString textOf(const Hl7Value &value)
{
    return value.isHl7Null() ? QString() : value.text().trimmed();
}

// HD: the namespace ID, or the universal ID (an OID) when only that was sent.
QString hierarchicDesignator(const Hl7Value &component)
{
    const QString namespaceId = textOf(component.subcomponent(1));
    return namespaceId.isEmpty() ? textOf(component.subcomponent(2)) : namespaceId;
}

Hl7Timestamp timestampOf(const Hl7Value &field)
{
    return parseHl7Timestamp(textOf(field.repetition(0).component(1)));
}

QString place(const Hl7Message &message, qsizetype segment)
{
    return QStringLiteral("message %1, segment %2 (%3)")
        .arg(message.index() + 1)
        .arg(segment + 1)
        .arg(message.segmentName(segment));
}

std::unexpected<Error> invalid(const QString &message)
{
    return fail(Error::Code::InvalidInput, message);
}

bool sameIdentifier(const Hl7Identifier &a, const Hl7Identifier &b)
{
    return a.value == b.value && a.authority == b.authority && a.typeCode == b.typeCode;
}

// Appends each CX repetition of `field` that carries an ID, skipping exact duplicates.
// Returns false when the list would grow past kMaxIdentifiersPerList.
bool appendIdentifiers(const Hl7Value &field, QList<Hl7Identifier> &out)
{
    for (const Hl7Value &repetition : field.repetitions()) {
        Hl7Identifier identifier;
        identifier.value = textOf(repetition.component(1));
        if (identifier.value.isEmpty()) {
            continue;
        }
        identifier.authority = hierarchicDesignator(repetition.component(4));
        identifier.typeCode = textOf(repetition.component(5));
        const bool known = std::any_of(out.cbegin(), out.cend(), [&](const Hl7Identifier &id) {
            return sameIdentifier(id, identifier);
        });
        if (known) {
            continue;
        }
        if (out.size() >= kMaxIdentifiersPerList) {
            return false;
        }
        out.append(identifier);
    }
    return true;
}

// XPN / PN: the first repetition that holds a name.
void readName(const Hl7Value &field, AdtPatient &patient)
{
    for (const Hl7Value &repetition : field.repetitions()) {
        const QString family = textOf(repetition.component(1).subcomponent(1));
        const QString given = textOf(repetition.component(2));
        if (!family.isEmpty() || !given.isEmpty()) {
            patient.family = family;
            patient.given = given;
            return;
        }
    }
}

// XTN: the unformatted number in XTN.1 (v2.x up to 2.4), else XTN.12, else the number built
// from country, area, local number and extension (XTN.5 to XTN.8).
QString phoneOf(const Hl7Value &field)
{
    for (const Hl7Value &repetition : field.repetitions()) {
        QString number = textOf(repetition.component(1));
        if (number.isEmpty()) {
            number = textOf(repetition.component(12));
        }
        const QString local = textOf(repetition.component(7));
        if (number.isEmpty() && !local.isEmpty()) {
            const QString country = textOf(repetition.component(5));
            const QString area = textOf(repetition.component(6));
            const QString extension = textOf(repetition.component(8));
            number = local;
            if (!area.isEmpty()) {
                number = QStringLiteral("(%1) %2").arg(area, number);
            }
            if (!country.isEmpty()) {
                const QString plus = country.startsWith(u'+') ? QString() : QStringLiteral("+");
                number = plus + country + u' ' + number;
            }
            if (!extension.isEmpty()) {
                number += QStringLiteral(" x") + extension;
            }
        }
        if (!number.isEmpty()) {
            return number;
        }
    }
    return QString();
}

QString locationOf(const Hl7Value &field)
{
    QStringList parts;
    for (const Hl7Value &component : field.components()) {
        const QString part = hierarchicDesignator(component);
        if (!part.isEmpty()) {
            parts.append(part);
        }
    }
    return parts.join(u'^');
}

std::optional<AdtEncounter> encounterOf(const Hl7Segment &pv1, const QString &account)
{
    // PV1-1 is only a counter: a PV1 with nothing else says nothing about a visit.
    if (!pv1.hasContentFrom(2)) {
        return std::nullopt;
    }
    AdtEncounter encounter;
    encounter.visitNumber = textOf(pv1.field(19).component(1));
    if (encounter.visitNumber.isEmpty()) {
        encounter.visitNumber = account;
    }
    encounter.patientClass = textOf(pv1.field(2).component(1));
    encounter.location = locationOf(pv1.field(3));
    encounter.priorLocation = locationOf(pv1.field(6));
    encounter.admitTime = timestampOf(pv1.field(44));
    encounter.dischargeTime = timestampOf(pv1.field(45));
    return encounter;
}

// Records where and why a message is refused, for the ACK, and returns the error.
std::unexpected<Error> refuse(Hl7Problem *problem, const QString &text, Hl7ErrorLocation location,
                              Hl7ErrorCode code, bool rejected = false)
{
    if (problem) {
        *problem = Hl7Problem{text, std::move(location), code, rejected};
    }
    return invalid(text);
}

// Reads one patient group: the PID at `pidIndex` and the segments before `groupEnd`.
Result<AdtEvent> readPatientGroup(const Hl7Message &message, qsizetype pidIndex, qsizetype groupEnd,
                                  AdtEvent event, Hl7Problem *problem)
{
    const Hl7Segment pid = message.segment(pidIndex);
    const QString pidPlace = place(message, pidIndex);
    const QString tooMany =
        QStringLiteral(": more than %1 patient identifiers in %2").arg(kMaxIdentifiersPerList);
    const bool merge = isMergeTrigger(event.triggerEvent);
    const auto at = [&](int field) {
        return message.locate(pidIndex, field);
    };

    if (!appendIdentifiers(pid.field(3), event.patient.identifiers)) {
        return refuse(problem, pidPlace + tooMany.arg(QStringLiteral("PID-3")), at(3),
                      Hl7ErrorCode::DataType);
    }
    if (event.patient.identifiers.isEmpty() && !merge) {
        return refuse(problem, pidPlace + QStringLiteral(": no patient identifier in PID-3"), at(3),
                      Hl7ErrorCode::RequiredFieldMissing);
    }
    readName(pid.field(5), event.patient);
    // PID-5 is required in every HL7 version; its absence is also how a PID cut short by a
    // dropped connection shows ("PID|1||MRN10").
    if (event.patient.family.isEmpty() && event.patient.given.isEmpty() && !merge) {
        return refuse(problem, pidPlace + QStringLiteral(": no patient name in PID-5"), at(5),
                      Hl7ErrorCode::RequiredFieldMissing);
    }
    if (!appendIdentifiers(pid.field(2), event.patient.identifiers) ||
        !appendIdentifiers(pid.field(4), event.patient.identifiers)) {
        return refuse(problem, pidPlace + tooMany.arg(QStringLiteral("PID-2 and PID-4")), at(2),
                      Hl7ErrorCode::DataType);
    }
    event.patient.birthDate = timestampOf(pid.field(7));
    event.patient.sex = textOf(pid.field(8).component(1));
    event.patient.phone = phoneOf(pid.field(13));
    event.patient.accountNumber = textOf(pid.field(18).component(1));

    bool pv1Seen = false;
    bool mrgSeen = false;
    for (qsizetype i = pidIndex + 1; i < groupEnd; ++i) {
        const QString name = message.segmentName(i);
        if (name == QLatin1StringView("PV1") && !pv1Seen) {
            pv1Seen = true;
            event.encounter = encounterOf(message.segment(i), event.patient.accountNumber);
        } else if (name == QLatin1StringView("MRG") && !mrgSeen) {
            mrgSeen = true;
            const Hl7Segment mrg = message.segment(i);
            if (!appendIdentifiers(mrg.field(1), event.mergedIdentifiers)) {
                return refuse(problem, place(message, i) + tooMany.arg(QStringLiteral("MRG-1")),
                              message.locate(i, 1), Hl7ErrorCode::DataType);
            }
            event.mergedAccount = textOf(mrg.field(3).component(1));
            event.mergedVisit = textOf(mrg.field(5).component(1));
        }
    }
    if (merge && event.patient.identifiers.isEmpty() && event.mergedIdentifiers.isEmpty() &&
        event.mergedAccount.isEmpty() && event.mergedVisit.isEmpty()) {
        return refuse(problem,
                      pidPlace + QStringLiteral(": a merge with no identifier in PID-3, MRG-1, "
                                                "MRG-3 or MRG-5"),
                      at(3), Hl7ErrorCode::RequiredFieldMissing);
    }
    return event;
}

VoidResult readMessage(const Hl7Message &message, AdtMessageRead &read, Hl7Problem *problem)
{
    const Hl7Segment msh = message.segment(0);
    const QString mshPlace = place(message, 0);
    const auto mshField = [&message](int field, int component = 0) {
        return message.locate(0, field, component);
    };
    const QString messageType = textOf(msh.field(9).component(1));
    QString trigger = textOf(msh.field(9).component(2));
    if (messageType.isEmpty()) {
        return refuse(problem, mshPlace + QStringLiteral(": MSH-9 message type missing"),
                      mshField(9, 1), Hl7ErrorCode::RequiredFieldMissing, true);
    }
    read.type = trigger.isEmpty() ? messageType : messageType + u'^' + trigger;
    read.isAdt = messageType == QLatin1StringView("ADT");
    if (!read.isAdt) {
        return {};
    }

    const qsizetype evnIndex = message.indexOf(QLatin1StringView("EVN"));
    const Hl7Segment evn = evnIndex >= 0 ? message.segment(evnIndex) : Hl7Segment();
    if (trigger.isEmpty()) {
        trigger = textOf(evn.field(1).component(1));
    }
    if (trigger.isEmpty()) {
        return refuse(problem,
                      mshPlace +
                          QStringLiteral(": MSH-9 has no trigger event, and no EVN-1 gives one"),
                      mshField(9, 2), Hl7ErrorCode::RequiredFieldMissing, true);
    }

    AdtEvent base;
    base.controlId = textOf(msh.field(10));
    if (base.controlId.isEmpty()) {
        return refuse(problem, mshPlace + QStringLiteral(": MSH-10 message control ID missing"),
                      mshField(10), Hl7ErrorCode::RequiredFieldMissing, true);
    }
    base.sendingApplication = textOf(msh.field(3).component(1));
    base.sendingFacility = textOf(msh.field(4).component(1));
    base.messageType = messageType;
    base.triggerEvent = trigger;
    base.version = textOf(msh.field(12).component(1));
    base.processingId = textOf(msh.field(11).component(1));
    base.messageTime = timestampOf(msh.field(7));
    base.eventTime = timestampOf(evn.field(6));
    if (base.eventTime.iso.isEmpty()) {
        base.eventTime = timestampOf(evn.field(2));
    }
    if (base.eventTime.iso.isEmpty()) {
        base.eventTime = base.messageTime;
    }
    base.messageIndex = message.index();

    // One event per patient group: merges (A40 ...) and swaps (A17) repeat PID with its MRG or
    // PV1, and each PID speaks for a different patient.
    const QLatin1StringView pidName("PID");
    qsizetype pidIndex = message.indexOf(pidName);
    if (pidIndex < 0) {
        return refuse(problem,
                      QStringLiteral("message %1: no PID segment in the ADT message")
                          .arg(message.index() + 1),
                      {QStringLiteral("PID"), 1}, Hl7ErrorCode::SegmentSequence);
    }
    while (pidIndex >= 0) {
        const qsizetype nextPid = message.indexOf(pidName, pidIndex + 1);
        const qsizetype groupEnd = nextPid < 0 ? message.segmentCount() : nextPid;
        base.groupIndex = read.groups.size();
        Result<AdtEvent> event = readPatientGroup(message, pidIndex, groupEnd, base, problem);
        if (!event) {
            return std::unexpected(event.error());
        }
        if (read.groups.size() >= kMaxEvents) {
            return invalid(
                QStringLiteral("the file holds more than %1 ADT events").arg(kMaxEvents));
        }
        read.groups.append(std::move(*event));
        pidIndex = nextPid;
    }
    return {};
}

} // namespace

bool isMergeTrigger(const QString &trigger)
{
    static const QStringList merges = {
        QStringLiteral("A18"), QStringLiteral("A30"), QStringLiteral("A34"),
        QStringLiteral("A35"), QStringLiteral("A36"), QStringLiteral("A39"),
        QStringLiteral("A40"), QStringLiteral("A41"), QStringLiteral("A42"),
    };
    return merges.contains(trigger);
}

Result<AdtMessageRead> readAdtMessage(const Hl7Message &message, Hl7Problem *problem)
{
    AdtMessageRead read;
    if (VoidResult done = readMessage(message, read, problem); !done) {
        return std::unexpected(done.error());
    }
    return read;
}

Result<AdtParseResult> parseAdtMessages(const QByteArray &bytes, const Hl7ReadOptions &options,
                                        Hl7Problem *problem)
{
    AdtParseResult result;
    const VoidResult read = forEachEr7Message(
        bytes,
        [&result, problem](const Hl7Message &message) -> VoidResult {
            AdtMessageRead one;
            if (VoidResult done = readMessage(message, one, problem); !done) {
                return done;
            }
            if (!one.isAdt) {
                ++result.skippedMessages;
                result.skippedTypes.append(one.type);
                return {};
            }
            if (result.events.size() + one.groups.size() > kMaxEvents) {
                return invalid(
                    QStringLiteral("the file holds more than %1 ADT events").arg(kMaxEvents));
            }
            result.events.append(one.groups);
            return {};
        },
        options, problem);
    if (!read) {
        // Error messages name places only, never values, so they are safe to log.
        // The caller reports the error to the person; the log keeps the fact at info level.
        qCInfo(lcHl7Adt) << "HL7 file rejected:" << read.error().message;
        return std::unexpected(read.error());
    }
    qCDebug(lcHl7Adt) << "read" << result.events.size() << "ADT events and skipped"
                      << result.skippedMessages << "other messages";
    return result;
}

} // namespace CareDesk
