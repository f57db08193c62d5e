// SPDX-License-Identifier: GPL-3.0-or-later
// caredesk-hl7-bench: the figures bench/hl7_bench.sh prints.
//   parse SECONDS FILE...   messages/s and MB/s: ER7 + ADT read, and the full tree
//   store COUNT DIR         messages/s parsed and stored (group commits of 256) in a new
//                           encrypted cache in DIR
//   send HOST PORT CONNECTIONS COUNT   ACKed messages/s over MLLP: each connection sends its
//                           next message when the ACK for the last came (as senders do)
// Messages for store and send are ADT^A01s cloned from the public Microsoft sample (8.5 KB),
// each with its own identifiers, visit number and control ID: one new patient per message.
#include "models/Clock.h"
#include "services/hl7/AdtEvent.h"
#include "services/hl7/Hl7Inbox.h"
#include "services/hl7/MllpFramer.h"
#include "services/security/AccessControl.h"
#include "services/security/AuditLog.h"
#include "services/security/RoleCatalogue.h"
#include "services/store/CacheDatabase.h"
#include "services/store/KeyVault.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <vector>

using namespace CareDesk;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Splits a file into messages, segments ended by CR (as python-hl7 wants them too).
QList<QByteArray> messagesOf(const QByteArray &file)
{
    QByteArray bytes = file;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    bytes.replace("\r\n", "\r").replace('\n', '\r');
    QList<QByteArray> messages;
    qsizetype start = bytes.indexOf("MSH");
    while (start >= 0) {
        const qsizetype next = bytes.indexOf("\rMSH", start + 3);
        const qsizetype end = next < 0 ? bytes.size() : next + 1;
        messages.append(bytes.mid(start, end - start));
        start = next < 0 ? -1 : next + 1;
    }
    return messages;
}

// The Microsoft ADT^A01 sample as a template: MRN and control ID replaced per message.
QByteArray clone(const QByteArray &templ, int number)
{
    QByteArray message = templ;
    const QByteArray id = QByteArray::number(number).rightJustified(8, '0');
    // Every identifier of the patient and the visit, so each message is a patient of its own.
    message.replace("MSG00001", QByteArray("B" + id));
    message.replace("PATID1234", QByteArray("P" + id));
    message.replace("PATID567", QByteArray("Q" + id));
    message.replace("123456789", QByteArray("S" + id));
    message.replace("|1234567^", QByteArray("|R" + id + '^'));
    message.replace("40007716", QByteArray("V" + id));
    message.replace("4000776", QByteArray("A" + id));
    return message;
}

int parse(double seconds, const QStringList &files)
{
    QList<QByteArray> messages;
    for (const QString &file : files)
        messages += messagesOf(readFile(file));
    if (messages.isEmpty())
        return 2;
    qint64 bytesPerRound = 0;
    for (const QByteArray &message : messages)
        bytesPerRound += message.size();

    const auto run = [&](bool fullTree) {
        QElapsedTimer timer;
        timer.start();
        qint64 count = 0;
        qint64 touched = 0;
        while (timer.elapsed() < qint64(seconds * 1000)) {
            for (const QByteArray &message : messages) {
                if (fullTree) {
                    // Split into every subcomponent and each one's text decoded, as
                    // python-hl7's parse builds its tree of strings.
                    const auto parsed = parseEr7Messages(message);
                    if (!parsed)
                        return std::pair<double, double>{-1, -1};
                    for (const Hl7Message &m : *parsed) {
                        for (const Hl7Leaf &leaf : m.leaves())
                            touched += leaf.end > leaf.begin ? m.leafText(leaf).size() : 0;
                    }
                } else {
                    const auto parsed = parseAdtMessages(message);
                    if (!parsed)
                        return std::pair<double, double>{-1, -1};
                    touched += parsed->events.size();
                }
                ++count;
            }
        }
        const double elapsed = timer.nsecsElapsed() / 1e9;
        const double rate = count / elapsed;
        return std::pair<double, double>{rate,
                                         rate * double(bytesPerRound) / messages.size() / 1e6};
    };
    const auto [adtRate, adtMb] = run(false);
    const auto [treeRate, treeMb] = run(true);
    out() << QStringLiteral("parse_adt_messages_per_second\t%1\t%2 MB/s\n")
                 .arg(adtRate, 0, 'f', 0)
                 .arg(adtMb, 0, 'f', 1);
    out() << QStringLiteral("parse_tree_messages_per_second\t%1\t%2 MB/s\n")
                 .arg(treeRate, 0, 'f', 0)
                 .arg(treeMb, 0, 'f', 1);
    out() << QStringLiteral("parse_messages\t%1\n").arg(messages.size());
    return adtRate > 0 && treeRate > 0 ? 0 : 1;
}

int store(int count, const QString &dir, const QByteArray &templ)
{
    MemoryKeyVault vault;
    auto cache = CacheDatabase::open(dir, vault);
    if (!cache) {
        out() << "cannot open the cache: " << cache.error().message << Qt::endl;
        return 1;
    }
    SystemClock clock;
    AuditLog audit(*cache, clock);
    auto roles = RoleCatalogue::builtIn();
    if (!roles) {
        out() << roles.error().message << Qt::endl;
        return 1;
    }
    AccessControl access(*cache, audit, std::move(*roles), clock);
    // The feed stores as the embedded automation, as the listener does.
    Hl7Inbox inbox(*cache, audit, access, clock, principalForAutomation(), Hl7InboxSettings{});
    QElapsedTimer timer;
    timer.start();
    int stored = 0;
    for (int first = 0; first < count; first += 256) {
        QList<Hl7Frame> frames;
        for (int i = first; i < qMin(count, first + 256); ++i) {
            Hl7Frame frame;
            frame.bytes = clone(templ, i);
            frame.size = frame.bytes.size();
            frames.append(frame);
        }
        for (const Hl7Receipt &receipt : inbox.receive(frames))
            stored += receipt.code == Hl7AckCode::Accept && !receipt.duplicate ? 1 : 0;
    }
    const double elapsed = timer.nsecsElapsed() / 1e9;
    out() << QStringLiteral("store_messages_per_second\t%1\t%2 of %3 stored in %4 s\n")
                 .arg(stored / elapsed, 0, 'f', 0)
                 .arg(stored)
                 .arg(count)
                 .arg(elapsed, 0, 'f', 2);
    return stored == count ? 0 : 1;
}

// One sender: next message after each ACK.
struct Sender {
    QTcpSocket socket;
    MllpFramer framer;
    int next = 0;
    int acked = 0;
    int accepted = 0;
};

int send(const QString &host, quint16 port, int connections, int count, const QByteArray &templ)
{
    std::vector<std::unique_ptr<Sender>> senders;
    int done = 0;
    int accepted = 0;
    int issued = 0;
    QElapsedTimer timer;
    const auto sendNext = [&](Sender &sender) {
        if (issued >= count)
            return;
        sender.socket.write(Mllp::frame(clone(templ, 10'000'000 + issued++)));
    };
    for (int c = 0; c < connections; ++c) {
        auto sender = std::make_unique<Sender>();
        Sender *raw = sender.get();
        QObject::connect(&raw->socket, &QTcpSocket::readyRead, &raw->socket, [&, raw] {
            QList<MllpEvent> events;
            raw->framer.feed(raw->socket.readAll(), events);
            for (const MllpEvent &event : events) {
                ++done;
                accepted += event.payload.contains("MSA|AA|") ? 1 : 0;
                sendNext(*raw);
            }
            if (done >= count)
                QCoreApplication::quit();
        });
        raw->socket.connectToHost(host, port);
        if (!raw->socket.waitForConnected(10000)) {
            out() << "cannot connect: " << raw->socket.errorString() << Qt::endl;
            return 1;
        }
        raw->socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        senders.push_back(std::move(sender));
    }
    timer.start();
    for (auto &sender : senders)
        sendNext(*sender);
    QTimer::singleShot(600'000, qApp, [] { QCoreApplication::exit(3); });
    const int status = QCoreApplication::exec();
    const double elapsed = timer.nsecsElapsed() / 1e9;
    out() << QStringLiteral("mllp_acked_messages_per_second\t%1\t%2 AA of %3 over %4 "
                            "connections in %5 s\n")
                 .arg(accepted / elapsed, 0, 'f', 0)
                 .arg(accepted)
                 .arg(count)
                 .arg(connections)
                 .arg(elapsed, 0, 'f', 2);
    return status == 0 && accepted == count ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("caredesk.*.info=false"));
    const QStringList args = app.arguments().mid(1);
    const QByteArray templ =
        messagesOf(readFile(QStringLiteral(CAREDESK_SHARED_TESTDATA
                                           "/hl7v2/microsoft-fhir-converter/ADT-A01-01.hl7")))
            .value(0);
    if (templ.isEmpty()) {
        fprintf(stderr, "the Microsoft ADT^A01 sample is missing\n");
        return 2;
    }
    if (args.value(0) == QLatin1String("parse") && args.size() >= 3)
        return parse(args.at(1).toDouble(), args.mid(2));
    if (args.value(0) == QLatin1String("store") && args.size() == 3)
        return store(args.at(1).toInt(), args.at(2), templ);
    if (args.value(0) == QLatin1String("send") && args.size() == 5)
        return send(args.at(1), quint16(args.at(2).toUInt()), args.at(3).toInt(),
                    args.at(4).toInt(), templ);
    fprintf(stderr, "usage: caredesk-hl7-bench parse SECONDS FILE... | store COUNT DIR | send "
                    "HOST PORT CONNECTIONS COUNT\n");
    return 2;
}
