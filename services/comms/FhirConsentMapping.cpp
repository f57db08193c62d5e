// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/comms/FhirConsentMapping.h"

#include "services/fhir/FhirMapper.h"

#include <QJsonArray>

#include <functional>

namespace CareDesk {

namespace {

const QString kActCode = QStringLiteral("http://terminology.hl7.org/CodeSystem/v3-ActCode");
const QString kActReason = QStringLiteral("http://terminology.hl7.org/CodeSystem/v3-ActReason");
const QString kContactPointSystem = QStringLiteral("http://hl7.org/fhir/contact-point-system");
const QString kParticipationMode =
    QStringLiteral("http://terminology.hl7.org/CodeSystem/v3-ParticipationMode");
const QString kConsentScope = QStringLiteral("http://terminology.hl7.org/CodeSystem/consentscope");
const QString kLoinc = QStringLiteral("http://loinc.org");
const QString kProfileBase = QStringLiteral("https://fhir.caredesk.example/StructureDefinition/");

struct PurposeCode {
    Purpose purpose;
    const char *code;
};
constexpr PurposeCode kPurposeCodes[] = {{Purpose::Treatment, "TREAT"},
                                         {Purpose::Payment, "HPAYMT"},
                                         {Purpose::Operations, "HOPERAT"},
                                         {Purpose::Marketing, "HMARKT"},
                                         {Purpose::Research, "HRESCH"}};

QJsonObject coding(const QString &system, const QString &code)
{
    return QJsonObject{{QStringLiteral("system"), system}, {QStringLiteral("code"), code}};
}

QJsonObject codeable(const QString &system, const QString &code)
{
    return QJsonObject{{QStringLiteral("coding"), QJsonArray{coding(system, code)}}};
}

QString fhirTime(const QDateTime &when)
{
    return when.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject channelCoding(Channel channel)
{
    if (channel == Channel::Mail)
        return coding(kParticipationMode, QStringLiteral("MAILWRIT"));
    return coding(kContactPointSystem, channelName(channel));
}

std::optional<Channel> channelFromCoding(const QJsonObject &value)
{
    const QString system = value.value(QLatin1String("system")).toString();
    const QString code = value.value(QLatin1String("code")).toString();
    if (system == kParticipationMode && code == QLatin1String("MAILWRIT"))
        return Channel::Mail;
    if (system == kContactPointSystem && code != QLatin1String("mail"))
        return channelFromName(code);
    return std::nullopt;
}

QJsonValue extensionValue(const QJsonObject &element, const QString &url)
{
    for (const QJsonValue &extension : element.value(QLatin1String("extension")).toArray()) {
        const QJsonObject object = extension.toObject();
        if (object.value(QLatin1String("url")).toString() != url)
            continue;
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key().startsWith(QLatin1String("value")))
                return it.value();
        }
    }
    return QJsonValue(QJsonValue::Undefined);
}

bool hasCode(const QJsonObject &codeableConcept, const QString &system, const QString &code)
{
    for (const QJsonValue &value : codeableConcept.value(QLatin1String("coding")).toArray()) {
        const QJsonObject c = value.toObject();
        if (c.value(QLatin1String("system")).toString() == system &&
            c.value(QLatin1String("code")).toString() == code)
            return true;
    }
    return false;
}

} // namespace

QString FhirConsentMapping::channelExtensionUrl()
{
    return kProfileBase + QStringLiteral("consent-contact-channel");
}

QString FhirConsentMapping::capturedByExtensionUrl()
{
    return kProfileBase + QStringLiteral("consent-captured-by");
}

QString FhirConsentMapping::ruleExtensionUrl()
{
    return kProfileBase + QStringLiteral("consent-reply-rule");
}

QString FhirConsentMapping::sourceExtensionUrl()
{
    return kProfileBase + QStringLiteral("consent-capture-source");
}

QString FhirConsentMapping::identifierSystem()
{
    return QStringLiteral("urn:caredesk:consent-event");
}

QString FhirConsentMapping::restrictionPolicyUri()
{
    return QStringLiteral("https://www.ecfr.gov/current/title-45/section-164.522");
}

QJsonObject FhirConsentMapping::toFhir(const ConsentEvent &event, const QString &patientReference,
                                       const QString &consentId)
{
    const bool restriction =
        event.kind == ConsentKind::Restricted || event.kind == ConsentKind::RestrictionLifted;
    const bool permit = event.kind == ConsentKind::Granted ||
                        event.kind == ConsentKind::RestrictionLifted ||
                        event.kind == ConsentKind::Expired;

    QJsonObject provision{
        {QStringLiteral("type"), permit ? QStringLiteral("permit") : QStringLiteral("deny")}};
    QJsonObject period{{QStringLiteral("start"), fhirTime(event.effectiveAt)}};
    if (event.expiresAt.isValid())
        period.insert(QStringLiteral("end"), fhirTime(event.expiresAt));
    provision.insert(QStringLiteral("period"), period);
    if (event.purpose) {
        for (const PurposeCode &code : kPurposeCodes) {
            if (code.purpose == *event.purpose)
                provision.insert(QStringLiteral("purpose"),
                                 QJsonArray{coding(kActReason, QString::fromLatin1(code.code))});
        }
    }
    if (event.channel)
        provision.insert(QStringLiteral("extension"),
                         QJsonArray{QJsonObject{
                             {QStringLiteral("url"), channelExtensionUrl()},
                             {QStringLiteral("valueCoding"), channelCoding(*event.channel)}}});

    QJsonObject consent{
        {QStringLiteral("resourceType"), QStringLiteral("Consent")},
        {QStringLiteral("status"), event.kind == ConsentKind::Expired ? QStringLiteral("inactive")
                                                                      : QStringLiteral("active")},
        {QStringLiteral("scope"), codeable(kConsentScope, QStringLiteral("patient-privacy"))},
        {QStringLiteral("category"), QJsonArray{codeable(kLoinc, QStringLiteral("59284-0"))}},
        {QStringLiteral("patient"), QJsonObject{{QStringLiteral("reference"), patientReference}}},
        {QStringLiteral("dateTime"), fhirTime(event.effectiveAt)},
        {QStringLiteral("provision"), provision},
    };
    if (!consentId.isEmpty())
        consent.insert(QStringLiteral("id"), consentId);
    if (!event.identifier.isEmpty())
        consent.insert(QStringLiteral("identifier"),
                       QJsonArray{QJsonObject{{QStringLiteral("system"), identifierSystem()},
                                              {QStringLiteral("value"), event.identifier}}});
    if (restriction)
        consent.insert(QStringLiteral("policy"),
                       QJsonArray{QJsonObject{{QStringLiteral("uri"), restrictionPolicyUri()}}});
    else
        consent.insert(
            QStringLiteral("policyRule"),
            codeable(kActCode, permit ? QStringLiteral("OPTIN") : QStringLiteral("OPTOUT")));

    if (event.source == QLatin1String("patient-reply")) {
        QJsonObject attachment{
            {QStringLiteral("contentType"), QStringLiteral("text/plain; charset=utf-8")},
            {QStringLiteral("title"), QStringLiteral("Patient reply")},
            {QStringLiteral("data"), QString::fromLatin1(event.rawText.toUtf8().toBase64())}};
        if (!event.sourceId.isEmpty())
            attachment.insert(QStringLiteral("url"),
                              QString(QStringLiteral("Communication/") + event.sourceId));
        consent.insert(QStringLiteral("sourceAttachment"), attachment);
    } else if (!event.note.isEmpty()) {
        consent.insert(QStringLiteral("sourceAttachment"),
                       QJsonObject{{QStringLiteral("contentType"),
                                    QStringLiteral("text/plain; charset=utf-8")},
                                   {QStringLiteral("title"), event.note}});
    }

    QJsonArray extensions{QJsonObject{{QStringLiteral("url"), sourceExtensionUrl()},
                                      {QStringLiteral("valueCode"), event.source}}};
    if (!event.capturedBy.isEmpty())
        extensions.append(QJsonObject{{QStringLiteral("url"), capturedByExtensionUrl()},
                                      {QStringLiteral("valueString"), event.capturedBy}});
    if (!event.rule.isEmpty())
        extensions.append(QJsonObject{{QStringLiteral("url"), ruleExtensionUrl()},
                                      {QStringLiteral("valueString"), event.rule}});
    consent.insert(QStringLiteral("extension"), extensions);
    return consent;
}

Result<FhirConsentEvents> FhirConsentMapping::fromFhir(const QJsonObject &consent)
{
    if (consent.value(QLatin1String("resourceType")).toString() != QLatin1String("Consent"))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("Expected a FHIR Consent, got \"%1\".")
                        .arg(consent.value(QLatin1String("resourceType")).toString()));
    FhirConsentEvents result;
    result.consentId = consent.value(QLatin1String("id")).toString();
    const QString name = result.consentId.isEmpty()
                             ? QStringLiteral("The Consent")
                             : QStringLiteral("Consent/%1").arg(result.consentId);
    result.patientReference = consent.value(QLatin1String("patient"))
                                  .toObject()
                                  .value(QLatin1String("reference"))
                                  .toString();
    if (result.patientReference.isEmpty())
        return fail(Error::Code::InvalidInput, name + QStringLiteral(" names no patient."));
    for (const QJsonValue &value : consent.value(QLatin1String("identifier")).toArray()) {
        const QJsonObject identifier = value.toObject();
        if (identifier.value(QLatin1String("system")).toString() == identifierSystem())
            result.identifier = identifier.value(QLatin1String("value")).toString();
    }

    const QString status = consent.value(QLatin1String("status")).toString();
    static const QStringList statuses{
        QStringLiteral("draft"),    QStringLiteral("proposed"), QStringLiteral("active"),
        QStringLiteral("rejected"), QStringLiteral("inactive"), QStringLiteral("entered-in-error")};
    if (!statuses.contains(status))
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1 has status \"%2\", which is not a Consent status.")
                        .arg(name, status));
    if (status != QLatin1String("active") && status != QLatin1String("inactive")) {
        result.notAboutContact = QStringLiteral("%1 is %2, not in force.").arg(name, status);
        return result;
    }

    const QJsonObject provision = consent.value(QLatin1String("provision")).toObject();
    const QString dateText = consent.value(QLatin1String("dateTime")).toString();
    QDateTime effective = parseFhirDateTime(dateText);
    if (!dateText.isEmpty() && !effective.isValid())
        return fail(
            Error::Code::InvalidInput,
            QStringLiteral("%1 has a dateTime CareDesk cannot read: \"%2\".").arg(name, dateText));
    if (!effective.isValid())
        effective = parseFhirDateTime(provision.value(QLatin1String("period"))
                                          .toObject()
                                          .value(QLatin1String("start"))
                                          .toString());
    if (!effective.isValid())
        return fail(Error::Code::InvalidInput,
                    name + QStringLiteral(" says neither when it was given (dateTime) nor when "
                                          "it starts (provision.period.start)."));

    bool restriction = false;
    for (const QJsonValue &policy : consent.value(QLatin1String("policy")).toArray())
        restriction = restriction || policy.toObject().value(QLatin1String("uri")).toString() ==
                                         restrictionPolicyUri();
    const QJsonObject policyRule = consent.value(QLatin1String("policyRule")).toObject();
    QString defaultType;
    if (hasCode(policyRule, kActCode, QStringLiteral("OPTIN")))
        defaultType = QStringLiteral("permit");
    else if (hasCode(policyRule, kActCode, QStringLiteral("OPTOUT")))
        defaultType = QStringLiteral("deny");

    const QJsonObject top = consent;
    const QString source = extensionValue(top, sourceExtensionUrl()).toString();
    const QString capturedBy = extensionValue(top, capturedByExtensionUrl()).toString();
    const QString rule = extensionValue(top, ruleExtensionUrl()).toString();
    const QJsonObject attachment = consent.value(QLatin1String("sourceAttachment")).toObject();
    const QString attachmentUrl = attachment.value(QLatin1String("url")).toString();

    // The provisions that say something about contacting the patient: the top one and any
    // nested one, each naming its channel or taking the one above it.
    struct Rule {
        QJsonObject provision;
        std::optional<Channel> channel;
        QString type;
    };
    QList<Rule> rules;
    std::function<Result<bool>(const QJsonObject &, const Rule &)> walk =
        [&](const QJsonObject &element, const Rule &parent) -> Result<bool> {
        Rule here{element, parent.channel, element.value(QLatin1String("type")).toString()};
        if (here.type.isEmpty())
            here.type = parent.type;
        const QJsonValue channel = extensionValue(element, channelExtensionUrl());
        if (!channel.isUndefined()) {
            here.channel = channelFromCoding(channel.toObject());
            if (!here.channel)
                return fail(
                    Error::Code::InvalidInput,
                    QStringLiteral("%1 names a contact channel CareDesk does not know "
                                   "(%2).")
                        .arg(name, channel.toObject().value(QLatin1String("code")).toString()));
            rules.append(here);
        }
        for (const QJsonValue &nested : element.value(QLatin1String("provision")).toArray()) {
            auto walked = walk(nested.toObject(), here);
            if (!walked)
                return walked;
        }
        return true;
    };
    if (auto walked = walk(provision, Rule{{}, std::nullopt, defaultType}); !walked)
        return std::unexpected(walked.error());
    // A Consent CareDesk wrote without a channel is about every channel; a Consent from
    // elsewhere without one is about something else (who may see which records).
    if (rules.isEmpty() && !source.isEmpty()) {
        QString type = provision.value(QLatin1String("type")).toString();
        rules.append(Rule{provision, std::nullopt, type.isEmpty() ? defaultType : type});
    }
    if (rules.isEmpty()) {
        result.notAboutContact =
            QStringLiteral("%1 is a privacy consent (%2) that names no contact channel; it says "
                           "nothing about messages.")
                .arg(name, defaultType.isEmpty() ? QStringLiteral("no policy rule") : defaultType);
        return result;
    }

    for (const Rule &found : std::as_const(rules)) {
        if (found.type != QLatin1String("permit") && found.type != QLatin1String("deny"))
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("%1 does not say whether it permits or denies (no "
                                       "provision.type and no OPTIN/OPTOUT policy rule).")
                            .arg(name));
        ConsentEvent event;
        event.channel = found.channel;
        if (status == QLatin1String("inactive"))
            event.kind = ConsentKind::Expired;
        else if (restriction)
            event.kind = found.type == QLatin1String("deny") ? ConsentKind::Restricted
                                                             : ConsentKind::RestrictionLifted;
        else
            event.kind =
                found.type == QLatin1String("deny") ? ConsentKind::Revoked : ConsentKind::Granted;
        event.effectiveAt = effective;
        const QString end = found.provision.value(QLatin1String("period"))
                                .toObject()
                                .value(QLatin1String("end"))
                                .toString();
        if (!end.isEmpty() && event.kind != ConsentKind::Expired &&
            event.kind != ConsentKind::Revoked && event.kind != ConsentKind::RestrictionLifted) {
            event.expiresAt = parseFhirDateTime(end);
            if (!event.expiresAt.isValid())
                return fail(Error::Code::InvalidInput,
                            QStringLiteral("%1 has an end date CareDesk cannot read: \"%2\".")
                                .arg(name, end));
        }
        event.identifier = result.identifier;
        event.source = source.isEmpty() ? QStringLiteral("fhir") : source;
        event.capturedBy = capturedBy;
        event.rule = rule;
        if (attachmentUrl.startsWith(QLatin1String("Communication/")))
            event.sourceId = attachmentUrl.mid(14);
        else
            event.sourceId = result.consentId;
        if (attachment.contains(QLatin1String("data")))
            event.rawText = QString::fromUtf8(QByteArray::fromBase64(
                attachment.value(QLatin1String("data")).toString().toLatin1()));
        else if (event.kind == ConsentKind::Restricted)
            event.note = attachment.value(QLatin1String("title")).toString();

        const QJsonArray purposes = found.provision.value(QLatin1String("purpose")).toArray();
        if (purposes.isEmpty()) {
            result.events.append(event);
            continue;
        }
        for (const QJsonValue &value : purposes) {
            const QJsonObject code = value.toObject();
            std::optional<Purpose> purpose;
            for (const PurposeCode &known : kPurposeCodes) {
                if (code.value(QLatin1String("system")).toString() == kActReason &&
                    code.value(QLatin1String("code")).toString() == QLatin1String(known.code))
                    purpose = known.purpose;
            }
            if (!purpose)
                return fail(Error::Code::InvalidInput,
                            QStringLiteral("%1 names a purpose CareDesk does not know (%2 %3).")
                                .arg(name, code.value(QLatin1String("system")).toString(),
                                     code.value(QLatin1String("code")).toString()));
            event.purpose = purpose;
            result.events.append(event);
        }
    }
    return result;
}

} // namespace CareDesk
