// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The prompt library dialog over a real backend and store: it lists what the store holds,
// shows a version and the diff of two, moves a label in the store and hands a version to
// the playground.
#include "consolebackend.h"
#include "promptlibrarydialog.h"
#include "promptlistmodel.h"
#include "promptversionmodel.h"
#include "store.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

using namespace llmops;
using namespace Qt::StringLiterals;

namespace {

PromptContent contentAsking(const QString &question)
{
    PromptContent content;
    content.messages = {{u"system"_s, u"Answer in one word."_s}, {u"user"_s, question}};
    return content;
}

/// The text of each line of a text view, with the background its block is painted with.
std::vector<std::pair<QString, QColor>> linesOf(const QPlainTextEdit *view)
{
    std::vector<std::pair<QString, QColor>> lines;
    for (QTextBlock block = view->document()->begin(); block.isValid(); block = block.next())
        lines.emplace_back(block.text(), block.blockFormat().background().color());
    return lines;
}

QColor backgroundOf(const QPlainTextEdit *view, const QString &text)
{
    for (const auto &[line, background] : linesOf(view)) {
        if (line == text)
            return background;
    }
    return {};
}

} // namespace

class TestPromptLibraryDialog : public QObject
{
    Q_OBJECT

private:
    /// A store with capital at two versions (the question changed) and greeting at one.
    QString libraryWithTwoVersions()
    {
        const QString path = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u".sqlite"_s);
        const auto store = Store::open(path);
        store->savePromptVersion(u"capital"_s, contentAsking(u"Capital of France?"_s), u"First try"_s, u"ada"_s);
        PromptContent second = contentAsking(u"Capital of Spain?"_s);
        second.parameters.temperature = 0.3;
        store->savePromptVersion(u"capital"_s, second, u"Spain instead"_s, u"grace"_s);
        store->savePromptVersion(u"greeting"_s, contentAsking(u"Say hello"_s), u"Hello"_s, u"ada"_s);
        return path;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void listsPromptsVersionsAndTheDiffOfTwo()
    {
        const QString path = libraryWithTwoVersions();
        ConsoleBackend backend(path);
        backend.start();
        PromptLibraryDialog dialog(&backend);
        QAbstractItemModelTester promptTester(dialog.promptModel(),
                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester versionTester(dialog.versionModel(),
                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();

        PromptListModel *prompts = dialog.promptModel();
        QTRY_COMPARE(prompts->rowCount(), 2);
        QCOMPARE(prompts->index(0, PromptListModel::NameColumn).data().toString(), u"capital"_s);
        QCOMPARE(prompts->index(0, PromptListModel::VersionCountColumn).data().toString(), u"2"_s);
        QCOMPARE(prompts->index(0, PromptListModel::MessageColumn).data().toString(), u"Spain instead"_s);

        // The first prompt is shown at once, its newest version selected.
        PromptVersionModel *versions = dialog.versionModel();
        QTRY_COMPARE(versions->rowCount(), 2);
        QCOMPARE(versions->index(0, PromptVersionModel::VersionColumn).data().toString(), u"2"_s);
        QCOMPARE(versions->index(0, PromptVersionModel::AuthorColumn).data().toString(), u"grace"_s);
        QCOMPARE(versions->index(1, PromptVersionModel::MessageColumn).data().toString(), u"First try"_s);
        QCOMPARE(dialog.selectedVersion()->version, 2);
        const auto *content = dialog.findChild<QPlainTextEdit *>(u"promptContent"_s);
        QVERIFY(content->toPlainText().contains(u"## user\nCapital of Spain?\n"_s));

        // Version 2 against version 1: the changed lines in colour, the others plain.
        const auto *diff = dialog.findChild<QPlainTextEdit *>(u"promptDiff"_s);
        QCOMPARE(dialog.findChild<QComboBox *>(u"diffFrom"_s)->currentData().toInt(), 1);
        QCOMPARE(dialog.findChild<QComboBox *>(u"diffTo"_s)->currentData().toInt(), 2);
        const QColor removed = backgroundOf(diff, u"-Capital of France?"_s);
        const QColor added = backgroundOf(diff, u"+Capital of Spain?"_s);
        QVERIFY2(removed.red() > 200 && removed.green() < 240, qPrintable(removed.name()));
        QVERIFY2(added.green() > 200 && added.red() < 240, qPrintable(added.name()));
        QCOMPARE(backgroundOf(diff, u"+  \"temperature\": 0.3"_s), added);
        QVERIFY(backgroundOf(diff, u" ## user"_s) != removed);
        QVERIFY(backgroundOf(diff, u" ## user"_s) != added);
        int changed = 0;
        for (const auto &[line, background] : linesOf(diff))
            changed += line.startsWith(u'-') || line.startsWith(u'+');
        QCOMPARE(changed, 6); // the question, and `{}` becoming the three lines that set the temperature

        // The same version on both sides holds no change.
        auto *to = dialog.findChild<QComboBox *>(u"diffTo"_s);
        to->setCurrentIndex(to->findData(1));
        QCOMPARE(diff->toPlainText(), u"capital@1 and capital@1 hold the same messages, variables and parameters."_s);
        backend.stop();
    }

    void searchNarrowsTheList()
    {
        const QString path = libraryWithTwoVersions();
        ConsoleBackend backend(path);
        backend.start();
        PromptLibraryDialog dialog(&backend);
        QTRY_COMPARE(dialog.promptModel()->rowCount(), 2);

        dialog.findChild<QLineEdit *>(u"promptSearch"_s)->setText(u"HELLO"_s);
        QTRY_COMPARE(dialog.promptModel()->rowCount(), 1);
        QCOMPARE(dialog.promptModel()->prompt(0).name, u"greeting"_s);
        QTRY_COMPARE(dialog.versionModel()->promptName(), u"greeting"_s);
        backend.stop();
    }

    void movingALabelIsStored()
    {
        const QString path = libraryWithTwoVersions();
        ConsoleBackend backend(path);
        backend.start();
        PromptLibraryDialog dialog(&backend);
        dialog.show();
        QTRY_COMPARE(dialog.versionModel()->rowCount(), 2);

        dialog.selectPrompt(u"capital"_s, 1);
        QCOMPARE(dialog.selectedVersion()->version, 1);
        dialog.findChild<QPushButton *>(u"moveLabelButton"_s)->click();
        auto *input = dialog.findChild<QInputDialog *>(u"moveLabelInput"_s);
        QVERIFY(input);
        QVERIFY(input->comboBoxItems().contains(u"production"_s));
        input->setTextValue(u"production"_s);
        input->accept();

        // The store has it, and both lists show it once they have heard.
        QTRY_COMPARE(dialog.versionModel()->index(1, PromptVersionModel::LabelsColumn).data().toString(),
                     u"production"_s);
        QCOMPARE(dialog.promptModel()->index(0, PromptListModel::LabelsColumn).data().toString(), u"production → 1"_s);
        QCOMPARE(dialog.selectedVersion()->version, 1);
        QCOMPARE(Store::open(path)->promptVersion({u"capital"_s, {}, u"production"_s}).version, 1);

        // Moved to version 2: it leaves version 1.
        dialog.selectPrompt(u"capital"_s, 2);
        dialog.moveLabelToSelectedVersion(u"production"_s);
        QTRY_COMPARE(dialog.versionModel()->index(0, PromptVersionModel::LabelsColumn).data().toString(),
                     u"production"_s);
        QCOMPARE(dialog.versionModel()->index(1, PromptVersionModel::LabelsColumn).data().toString(), QString());
        QCOMPARE(Store::open(path)->promptVersion({u"capital"_s, {}, u"production"_s}).version, 2);

        // A label the library would not accept is refused before it reaches the store.
        dialog.moveLabelToSelectedVersion(u"2nd"_s);
        QVERIFY(dialog.findChild<QLabel *>(u"promptStatus"_s)->text().contains(u"\"2nd\" is not a label"_s));
        QTest::qWait(200);
        QCOMPARE(Store::open(path)->promptVersions(u"capital"_s).at(0).labels, QStringList{u"production"_s});
        backend.stop();
    }

    void loadHandsTheChosenVersionToThePlayground()
    {
        const QString path = libraryWithTwoVersions();
        ConsoleBackend backend(path);
        backend.start();
        PromptLibraryDialog dialog(&backend);
        QSignalSpy chosen(&dialog, &PromptLibraryDialog::versionChosen);
        QTRY_COMPARE(dialog.versionModel()->rowCount(), 2);

        dialog.selectPrompt(u"capital"_s, 1);
        dialog.findChild<QPushButton *>(u"loadButton"_s)->click();
        QCOMPARE(chosen.count(), 1);
        const auto version = chosen.at(0).at(0).value<PromptVersion>();
        QCOMPARE(version.name, u"capital"_s);
        QCOMPARE(version.version, 1);
        QCOMPARE(version.author, u"ada"_s);
        QCOMPARE(version.content, contentAsking(u"Capital of France?"_s));
        backend.stop();
    }
};

QTEST_MAIN(TestPromptLibraryDialog)
#include "tst_promptlibrarydialog.moc"
