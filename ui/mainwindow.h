// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QMainWindow>

namespace llmops {

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace llmops
