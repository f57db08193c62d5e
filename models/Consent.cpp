// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/Consent.h"

#include <algorithm>
#include <array>

namespace CareDesk {

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> fromName(const QString &name, const std::array<const char *, N> &names)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (name == QLatin1String(names[i]))
            return Enum(i);
    }
    return std::nullopt;
}

constexpr std::array<const char *, 4> kChannelNames{"sms", "email", "phone", "mail"};
constexpr std::array<const char *, 5> kPurposeNames{"treatment", "payment", "operations",
                                                    "marketing", "research"};
constexpr std::array<const char *, 5> kKindNames{"granted", "revoked", "expired", "restricted",
                                                 "restriction-lifted"};
constexpr std::array<const char *, 4> kStatusNames{"none", "granted", "revoked", "expired"};

} // namespace

QString channelName(Channel channel)
{
    return QString::fromLatin1(kChannelNames.at(std::size_t(channel)));
}

std::optional<Channel> channelFromName(const QString &name)
{
    return fromName<Channel>(name, kChannelNames);
}

QString purposeName(Purpose purpose)
{
    return QString::fromLatin1(kPurposeNames.at(std::size_t(purpose)));
}

std::optional<Purpose> purposeFromName(const QString &name)
{
    return fromName<Purpose>(name, kPurposeNames);
}

QString consentKindName(ConsentKind kind)
{
    return QString::fromLatin1(kKindNames.at(std::size_t(kind)));
}

std::optional<ConsentKind> consentKindFromName(const QString &name)
{
    return fromName<ConsentKind>(name, kKindNames);
}

QString consentStatusName(ConsentStatus status)
{
    return QString::fromLatin1(kStatusNames.at(std::size_t(status)));
}

QList<Channel> allChannels()
{
    return {Channel::Sms, Channel::Email, Channel::Phone, Channel::Mail};
}

QList<Purpose> allPurposes()
{
    return {Purpose::Treatment, Purpose::Payment, Purpose::Operations, Purpose::Marketing,
            Purpose::Research};
}

ConsentState ConsentState::derive(const QList<ConsentEvent> &events, const QDateTime &at)
{
    ConsentState state;
    state.m_at = at;
    for (Channel channel : allChannels()) {
        for (Purpose purpose : allPurposes()) {
            ConsentCell cell;
            cell.channel = channel;
            cell.purpose = purpose;
            state.m_cells.append(cell);
        }
    }

    QList<const ConsentEvent *> ordered;
    for (const ConsentEvent &event : events) {
        if (event.effectiveAt.isValid() && event.effectiveAt <= at)
            ordered.append(&event);
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const ConsentEvent *a, const ConsentEvent *b) {
                         if (a->effectiveAt != b->effectiveAt)
                             return a->effectiveAt < b->effectiveAt;
                         return a->id < b->id;
                     });

    for (const ConsentEvent *event : std::as_const(ordered)) {
        for (ConsentCell &cell : state.m_cells) {
            if (!event->covers(cell.channel) || !event->covers(cell.purpose))
                continue;
            switch (event->kind) {
            case ConsentKind::Granted:
            case ConsentKind::Revoked:
            case ConsentKind::Expired:
                cell.status = event->kind == ConsentKind::Granted   ? ConsentStatus::Granted
                              : event->kind == ConsentKind::Revoked ? ConsentStatus::Revoked
                                                                    : ConsentStatus::Expired;
                cell.namedPurpose = event->kind == ConsentKind::Granted && event->purpose;
                cell.since = event->effectiveAt;
                cell.expiresAt =
                    event->kind == ConsentKind::Granted ? event->expiresAt : QDateTime();
                cell.eventId = event->id;
                break;
            case ConsentKind::Restricted:
                cell.restricted = true;
                cell.restrictedSince = event->effectiveAt;
                cell.restrictionEnds = event->expiresAt;
                cell.restrictionEventId = event->id;
                cell.restrictionNote = event->note;
                break;
            case ConsentKind::RestrictionLifted:
                cell.restricted = false;
                cell.restrictedSince = QDateTime();
                cell.restrictionEnds = QDateTime();
                cell.restrictionEventId = event->id;
                cell.restrictionNote.clear();
                break;
            }
        }
    }

    // An end date that has passed ends a grant or a restriction without any edit to the ledger.
    for (ConsentCell &cell : state.m_cells) {
        if (cell.status == ConsentStatus::Granted && cell.expiresAt.isValid() &&
            cell.expiresAt <= at) {
            cell.status = ConsentStatus::Expired;
            cell.since = cell.expiresAt;
        }
        if (cell.restricted && cell.restrictionEnds.isValid() && cell.restrictionEnds <= at) {
            cell.restricted = false;
            cell.restrictedSince = QDateTime();
        }
    }
    return state;
}

const ConsentCell &ConsentState::cell(Channel channel, Purpose purpose) const
{
    const qsizetype index = qsizetype(channel) * allPurposes().size() + qsizetype(purpose);
    return m_cells.at(index);
}

} // namespace CareDesk
