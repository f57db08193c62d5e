// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/fhir/FhirReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSet>

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

// Qt's parser keeps the last of two equal keys in an object, so a second "payload" could hide
// the first. This scan of already-valid JSON finds the first key repeated within one object and
// returns its offset, or -1. (Keys spelled with different escapes are not compared.)
qsizetype duplicateKeyOffset(const QByteArray &json)
{
    struct Container {
        bool isObject = false;
        bool expectKey = false;
        QSet<QByteArray> keys;
    };
    QList<Container> stack;
    for (qsizetype i = 0; i < json.size(); ++i) {
        switch (json.at(i)) {
        case '"': {
            qsizetype end = i + 1;
            while (end < json.size() && json.at(end) != '"')
                end += json.at(end) == '\\' ? 2 : 1;
            if (!stack.isEmpty() && stack.last().isObject && stack.last().expectKey) {
                const QByteArray key = json.mid(i + 1, end - i - 1);
                if (stack.last().keys.contains(key))
                    return i;
                stack.last().keys.insert(key);
                stack.last().expectKey = false;
            }
            i = end;
            break;
        }
        case '{':
            stack.append({true, true, {}});
            break;
        case '[':
            stack.append({false, false, {}});
            break;
        case '}':
        case ']':
            if (!stack.isEmpty())
                stack.removeLast();
            break;
        case ',':
            if (!stack.isEmpty() && stack.last().isObject)
                stack.last().expectKey = true;
            break;
        default:
            break;
        }
    }
    return -1;
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
    if (const qsizetype repeated = duplicateKeyOffset(bytes); repeated >= 0)
        return fail(Error::Code::InvalidInput,
                    QStringLiteral("%1%2: a key appears twice in one object, so one value would "
                                   "hide the other")
                        .arg(where, lineAndColumn(bytes, repeated)));
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
        // A resource without an id inside a transaction is known by its urn:uuid fullUrl, and
        // stored under that uuid (see FhirMapper), so references to it still resolve.
        QString id = idValue.toString();
        if (id.isEmpty() && fullUrl.startsWith(QLatin1String("urn:uuid:")))
            id = fullUrl.mid(9);
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
        if (const qsizetype repeated = duplicateKeyOffset(line); repeated >= 0)
            return fail(Error::Code::InvalidInput,
                        QStringLiteral("%1, column %2: a key appears twice in one object, so one "
                                       "value would hide the other")
                            .arg(where)
                            .arg(repeated + 1));
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
