// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/FhirReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace CareDesk {

namespace {

constexpr int kMaxBundleDepth = 8;

QString lineAndColumn(const QByteArray &bytes, qsizetype offset)
{
    offset = qBound<qsizetype>(0, offset, bytes.size());
    const qsizetype line = bytes.left(offset).count('\n') + 1;
    const qsizetype lineStart = bytes.lastIndexOf('\n', offset - 1) + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(offset - lineStart + 1);
}

Result<QJsonObject> parseObject(const QByteArray &bytes, const QString &where)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1%2: not valid JSON (%3)")
                        .arg(where, lineAndColumn(bytes, error.offset), error.errorString()));
    if (!document.isObject())
        return fail(
            Error::Code::InvalidInput,
            QStringLiteral("%1the JSON is not an object, so it is not a FHIR resource").arg(where));
    return document.object();
}

VoidResult addResource(FhirReadResult &result, const QJsonObject &resource, const QString &fullUrl,
                       const QString &location, int depth)
{
    const QString type = resource.value(QLatin1String("resourceType")).toString();
    const QString where = location.isEmpty() ? QString() : location + QStringLiteral(": ");
    if (type.isEmpty())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1the object has no resourceType, so it is not a FHIR "
                                   "resource")
                        .arg(where));
    static const QRegularExpression typePattern(QStringLiteral("^[A-Z][A-Za-z]{1,63}$"));
    if (!typePattern.match(type).hasMatch())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1resourceType is not a FHIR type name").arg(where));
    const QJsonValue idValue = resource.value(QLatin1String("id"));
    if (!idValue.isUndefined() && !idValue.isString())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1%2.id must be a string").arg(where, type));

    if (type != QLatin1String("Bundle")) {
        const QString id = idValue.toString();
        if (!fullUrl.isEmpty() && !id.isEmpty())
            result.fullUrlTargets.insert(fullUrl, type + u'/' + id);
        result.entries.append({resource, fullUrl, location});
        return {};
    }

    if (depth >= kMaxBundleDepth)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1bundles are nested more than %2 deep")
                        .arg(where)
                        .arg(kMaxBundleDepth));
    result.bundleTypes.append(resource.value(QLatin1String("type")).toString());
    const QJsonValue entries = resource.value(QLatin1String("entry"));
    if (!entries.isUndefined() && !entries.isArray())
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1Bundle.entry must be an array").arg(where));
    const QJsonArray array = entries.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString entryLocation = (location.isEmpty() ? QString() : location + u' ') +
                                      QStringLiteral("entry %1").arg(i + 1);
        if (!array.at(i).isObject())
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("%1: a Bundle entry must be an object").arg(entryLocation));
        const QJsonObject entry = array.at(i).toObject();
        const QJsonValue inner = entry.value(QLatin1String("resource"));
        // Response bundles may carry entries with only a response; nothing to read there.
        if (inner.isUndefined())
            continue;
        if (!inner.isObject())
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("%1: entry.resource must be an object").arg(entryLocation));
        auto added =
            addResource(result, inner.toObject(), entry.value(QLatin1String("fullUrl")).toString(),
                        entryLocation, depth + 1);
        if (!added)
            return added;
    }
    return {};
}

} // namespace

Result<FhirReadResult> readFhirJson(const QByteArray &bytes, bool ndjson)
{
    FhirReadResult result;
    if (!ndjson) {
        auto object = parseObject(bytes, QString());
        if (!object)
            return std::unexpected(object.error());
        if (auto added = addResource(result, *object, QString(), QString(), 0); !added)
            return std::unexpected(added.error());
        return result;
    }

    qsizetype lineStart = 0;
    int lineNumber = 0;
    while (lineStart < bytes.size()) {
        qsizetype lineEnd = bytes.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = bytes.size();
        ++lineNumber;
        const QByteArray line = bytes.mid(lineStart, lineEnd - lineStart).trimmed();
        lineStart = lineEnd + 1;
        if (line.isEmpty()) {
            ++result.emptyLines;
            continue;
        }
        const QString where = QStringLiteral("line %1").arg(lineNumber);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError)
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("%1, column %2: not valid JSON (%3)")
                            .arg(where)
                            .arg(error.offset + 1)
                            .arg(error.errorString()));
        if (!document.isObject())
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("%1: the JSON is not an object").arg(where));
        if (auto added = addResource(result, document.object(), QString(), where, 0); !added)
            return std::unexpected(added.error());
    }
    return result;
}

QString resolveReference(const QString &reference, const QHash<QString, QString> &fullUrlTargets)
{
    if (reference.isEmpty() || reference.startsWith(u'#') || reference.contains(u'?'))
        return QString();
    if (const auto it = fullUrlTargets.constFind(reference); it != fullUrlTargets.cend())
        return it.value();
    if (reference.startsWith(QLatin1String("urn:")))
        return QString();
    // "Type/id", "Type/id/_history/2" or "https://server/fhir/Type/id".
    QStringList parts = reference.split(u'/', Qt::SkipEmptyParts);
    const qsizetype history = parts.indexOf(QStringLiteral("_history"));
    if (history >= 0)
        parts = parts.mid(0, history);
    if (parts.size() < 2)
        return QString();
    return parts.at(parts.size() - 2) + u'/' + parts.last();
}

} // namespace CareDesk
